// Linear model forward: partials[k][0][i] = x_i · w_k, 4 runs per thread (a vec4 accumulator), so
// the 4 stepsizes share every read of the data. Each thread walks its sample's row with vec4 loads
// of X; the 4 weight vectors are the same for every thread (broadcast reads that caches serve).
// No workgroup memory and no barriers: this product is bound by reading X once, and barriers are
// the dominant cost on software adapters.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;

const TI: u32 = 64u;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let i = wg.x * TI + t;
  let k0 = wg.z * 4u;
  if (i >= P.n) { return; }
  // Runs past K read run K−1's weights and are never written back.
  let r1 = min(k0 + 1u, P.K - 1u) * P.d;
  let r2 = min(k0 + 2u, P.K - 1u) * P.d;
  let r3 = min(k0 + 3u, P.K - 1u) * P.d;
  let r0 = k0 * P.d;
  let row = i * P.d;
  var acc = vec4<f32>(0.0);
  for (var j = 0u; j < P.d; j = j + 1u) {
    acc = acc + X[row + j] * vec4<f32>(W[r0 + j], W[r1 + j], W[r2 + j], W[r3 + j]);
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    if (k < P.K) { partials[k * P.numChunks * P.n + i] = acc[r]; }
  }
}
