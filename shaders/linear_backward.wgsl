// Linear model backward, part 1 of 2: partial gradients over chunks of samples,
//   gradPartials[k][c][j] = Σ_{i in chunk c} c_ki x_ij,
// chunk c being samples [c·gradChunk, (c+1)·gradChunk). linear_update.wgsl sums the chunks and
// applies the update. Not dispatched when there is one chunk or one (SGD) sample: linear_update then
// sums the samples itself.
//
// Why chunks: one thread summing all n samples is a serial chain of n multiply-adds behind global
// loads, and with one feature per thread only ceil(d/64) workgroups per 4 runs existed, so a GPU sat
// mostly idle waiting on that chain. Chunks (grid y) cut the chain to gradChunk (about √n, see
// memory-plan.ts) and multiply the workgroups by the chunk count. Each thread owns 4 features, 64
// apart, and 4 runs (vec4s: the runs share every read of X); neighbouring threads read consecutive
// features of one sample (coalesced), and the runs' coefficients of that sample are the same for
// every thread. Per sample a thread loads 4 coefficients and 4 values of X for 16 multiply-adds, where
// one feature per thread loaded 5 for 4 (SwiftShader, mnist08 at K = 64: 139 → 63 ms a step). No barriers.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> coef: array<f32>;
@group(0) @binding(3) var<storage, read_write> gradPartials: array<f32>;

const TG: u32 = 256u; // features per workgroup: 4 per thread, at t, t + 64, t + 128, t + 192

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let j0 = wg.x * TG + t;
  let c = wg.y;
  let k0 = wg.z * 4u;
  if (j0 >= P.d) { return; }
  let iBegin = c * P.gradChunk;
  let iEnd = min(iBegin + P.gradChunk, P.n);
  let c1 = min(k0 + 1u, P.K - 1u) * P.n;
  let c2 = min(k0 + 2u, P.K - 1u) * P.n;
  let c3 = min(k0 + 3u, P.K - 1u) * P.n;
  let c0 = k0 * P.n;
  // Features past d read feature d−1 and are never written back.
  let last = P.d - 1u;
  let j1 = min(j0 + 64u, last);
  let j2 = min(j0 + 128u, last);
  let j3 = min(j0 + 192u, last);
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  for (var i = iBegin; i < iEnd; i = i + 1u) {
    let cv = vec4<f32>(coef[c0 + i], coef[c1 + i], coef[c2 + i], coef[c3 + i]);
    let row = i * P.d;
    a0 = a0 + X[row + j0] * cv;
    a1 = a1 + X[row + j1] * cv;
    a2 = a2 + X[row + j2] * cv;
    a3 = a3 + X[row + j3] * cv;
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    if (k >= P.K) { break; }
    let o = (k * P.gradChunks + c) * P.d;
    gradPartials[o + j0] = a0[r];
    if (j0 + 64u < P.d) { gradPartials[o + j0 + 64u] = a1[r]; }
    if (j0 + 128u < P.d) { gradPartials[o + j0 + 128u] = a2[r]; }
    if (j0 + 192u < P.d) { gradPartials[o + j0 + 192u] = a3[r]; }
  }
}
