// Linear model forward: partials[k][c][i] = Σ_{j in chunk c} x_ij w_kj, chunk c being features
// [c·featChunk, (c+1)·featChunk); stats.wgsl adds the numChunks partials of each sample.
//
// Why chunks of features: a thread that walks a whole row (d = 784 multiply-adds, each behind a
// global load) is a serial chain that a GPU cannot hide, and it was the step's time however few runs
// there were. Chunks (grid y, about 64 features, see memory-plan.ts) cut the chain and multiply the
// workgroups. Why Xᵀ: a thread owns one sample, so with X row-major the 32 lanes of a warp would read
// 32 rows d apart; in Xᵀ (d × n) they read consecutive words. The 4 weights of a feature are the
// same for every thread (broadcast reads), and the 4 runs (a vec4) share every read of Xᵀ.
// Why not a workgroup reduction over lanes: that needs workgroup memory and barriers, which cost
// software adapters (SwiftShader) several times the whole kernel; this layout has neither.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> XT: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;

const TI: u32 = 64u; // samples per workgroup, one per thread

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let i = wg.x * TI + t;
  let c = wg.y;
  let k0 = wg.z * 4u;
  if (i >= P.n) { return; }
  // Runs past K read run K−1's weights and are never written back.
  let r1 = min(k0 + 1u, P.K - 1u) * P.d;
  let r2 = min(k0 + 2u, P.K - 1u) * P.d;
  let r3 = min(k0 + 3u, P.K - 1u) * P.d;
  let r0 = k0 * P.d;
  let jEnd = min((c + 1u) * P.featChunk, P.d);
  var acc = vec4<f32>(0.0);
  for (var j = c * P.featChunk; j < jEnd; j = j + 1u) {
    acc = acc + XT[j * P.n + i] * vec4<f32>(W[r0 + j], W[r1 + j], W[r2 + j], W[r3 + j]);
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    if (k < P.K) { partials[(k * P.numChunks + c) * P.n + i] = acc[r]; }
  }
}
