// Linear model backward, part 1 of 2: partial gradients over chunks of samples,
//   gradPartials[k][c][j] = Σ_{i in chunk c} c_ki x_ij,
// chunk c being samples [c·gradChunk, (c+1)·gradChunk). linear_update.wgsl sums the chunks and
// applies the update. Not dispatched when there is one chunk or one (SGD) sample: linear_update then
// sums the samples itself.
//
// Why chunks: one thread summing all n samples is a serial chain of n multiply-adds behind global
// loads, and with one feature per thread only ceil(d/64) workgroups per 4 runs existed, so a GPU sat
// mostly idle waiting on that chain. Chunks (grid y) cut the chain to gradChunk (about √n, see
// memory-plan.ts) and multiply the workgroups by the chunk count. Each thread owns one feature j and
// 4 runs (a vec4: the runs share every read of X); threads read consecutive features of one sample
// (coalesced), and the runs' coefficients of that sample are the same for every thread. No barriers.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> coef: array<f32>;
@group(0) @binding(3) var<storage, read_write> gradPartials: array<f32>;

const TJ: u32 = 64u;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let j = wg.x * TJ + t;
  let c = wg.y;
  let k0 = wg.z * 4u;
  if (j >= P.d) { return; }
  let iBegin = c * P.gradChunk;
  let iEnd = min(iBegin + P.gradChunk, P.n);
  let c1 = min(k0 + 1u, P.K - 1u) * P.n;
  let c2 = min(k0 + 2u, P.K - 1u) * P.n;
  let c3 = min(k0 + 3u, P.K - 1u) * P.n;
  let c0 = k0 * P.n;
  var acc = vec4<f32>(0.0);
  for (var i = iBegin; i < iEnd; i = i + 1u) {
    acc = acc + X[i * P.d + j] * vec4<f32>(coef[c0 + i], coef[c1 + i], coef[c2 + i], coef[c3 + i]);
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    if (k < P.K) { gradPartials[(k * P.gradChunks + c) * P.d + j] = acc[r]; }
  }
}
