// Linear model forward: partials[k][c][i] = Σ_{j in chunk c} x_ij w_kj, chunk c being features
// [c·featChunk, (c+1)·featChunk); stats.wgsl adds the numChunks partials of each sample.
//
// Why chunks of features: a thread that walks a whole row (d = 784 multiply-adds, each behind a
// global load) is a serial chain that a GPU cannot hide, and it was the step's time however few runs
// there were. Chunks (grid y, about 64 features, see memory-plan.ts) cut the chain and multiply the
// workgroups. Why Xᵀ: a thread's samples are 64 apart and its neighbours own the next ones, so with X
// row-major the 32 lanes of a warp would read 32 rows d apart; in Xᵀ (d × n) they read consecutive
// words. Why 4 samples × 4 runs per thread: per feature a thread loads the 4 runs' weights (the same
// for every thread: broadcast reads) and 4 values of Xᵀ for 16 multiply-adds, where 1 sample × 4 runs
// loaded 5 for 4; loads, not arithmetic, were the kernel's cost (SwiftShader, mnist08: 2.2× faster at
// K = 64, 131 → 59 ms a step), and the 4 sums are independent chains a GPU can overlap.
// Why not a workgroup reduction over lanes: that needs workgroup memory and barriers, which cost
// software adapters (SwiftShader) several times the whole kernel; this layout has neither.
// With the ℓ2 term (Params.l2 > 0), thread 0 of the first sample tile also sums (w_kj − w0_j)² over
// its chunk into the K × numChunks words after the partials, which stats adds to the loss: the
// penalty at the same w as the margins, with no extra dispatch.
// Weights are read through forward_weight.wgsl (Nesterov's look-ahead pass reads u = w + βv).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> XT: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
@group(0) @binding(4) var<storage, read> W0: array<f32>;

const TI: u32 = 256u; // samples per workgroup: 4 per thread, at t, t + 64, t + 128, t + 192

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let i0 = wg.x * TI + t;
  let c = wg.y;
  let k0 = wg.z * 4u;
  if (i0 >= P.n) { return; }
  // Runs past K read run K−1's weights and are never written back; samples past n read sample n−1.
  let r1 = min(k0 + 1u, P.K - 1u) * P.d;
  let r2 = min(k0 + 2u, P.K - 1u) * P.d;
  let r3 = min(k0 + 3u, P.K - 1u) * P.d;
  let r0 = k0 * P.d;
  let last = P.n - 1u;
  let i1 = min(i0 + 64u, last);
  let i2 = min(i0 + 128u, last);
  let i3 = min(i0 + 192u, last);
  let jEnd = min((c + 1u) * P.featChunk, P.d);
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  for (var j = c * P.featChunk; j < jEnd; j = j + 1u) {
    let w = vec4<f32>(forward_weight(r0 + j), forward_weight(r1 + j), forward_weight(r2 + j), forward_weight(r3 + j));
    let row = j * P.n;
    a0 = a0 + XT[row + i0] * w;
    a1 = a1 + XT[row + i1] * w;
    a2 = a2 + XT[row + i2] * w;
    a3 = a3 + XT[row + i3] * w;
  }
  if (P.l2 > 0.0 && wg.x == 0u && t == 0u) {
    var q = vec4<f32>(0.0);
    for (var j = c * P.featChunk; j < jEnd; j = j + 1u) {
      let e = vec4<f32>(forward_weight(r0 + j), forward_weight(r1 + j), forward_weight(r2 + j), forward_weight(r3 + j)) - W0[j];
      q = q + e * e;
    }
    for (var r = 0u; r < 4u; r = r + 1u) {
      if (k0 + r < P.K) { partials[P.K * P.numChunks * P.n + (k0 + r) * P.numChunks + c] = q[r]; }
    }
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    if (k >= P.K) { break; }
    let o = (k * P.numChunks + c) * P.n;
    partials[o + i0] = a0[r];
    if (i0 + 64u < P.n) { partials[o + i0 + 64u] = a1[r]; }
    if (i0 + 128u < P.n) { partials[o + i0 + 128u] = a2[r]; }
    if (i0 + 192u < P.n) { partials[o + i0 + 192u] = a3[r]; }
  }
}
