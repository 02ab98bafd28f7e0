// Linear model backward fused with the update: g_kj = cScale · Σ_i c_ki x_ij over the step's samples
// (all of them for GD, the one drawn sample for SGD), then w_kj -= η_k g_kj for running runs. Each
// thread owns one feature j and 4 runs (a vec4 accumulator: the runs share every read of X). The same pass
// writes per-workgroup partial sums of g², (w − w0)² and w² (of the weights before the update).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> state: array<u32>;
@group(0) @binding(2) var<storage, read_write> W: array<f32>;
@group(0) @binding(3) var<storage, read> W0: array<f32>;
@group(0) @binding(4) var<storage, read> X: array<f32>;
@group(0) @binding(5) var<storage, read> coef: array<f32>;
@group(0) @binding(6) var<storage, read_write> normPartials: array<f32>;

const TJ: u32 = 64u;
var<workgroup> red: array<vec3<f32>, 256>; // 4 runs × 64 threads

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let j = wg.x * TJ + t;
  let k0 = wg.z * 4u;
  var iBegin = 0u;
  var iEnd = P.n;
  if (P.sgd != 0u) { iBegin = state[2]; iEnd = iBegin + 1u; }
  // Threads read consecutive features of one sample (coalesced); the 4 runs' coefficients of that
  // sample are the same for every thread. No barriers in the loop.
  let c1 = min(k0 + 1u, P.K - 1u) * P.n;
  let c2 = min(k0 + 2u, P.K - 1u) * P.n;
  let c3 = min(k0 + 3u, P.K - 1u) * P.n;
  let c0 = k0 * P.n;
  var acc = vec4<f32>(0.0);
  if (j < P.d) {
    for (var i = iBegin; i < iEnd; i = i + 1u) {
      acc = acc + X[i * P.d + j] * vec4<f32>(coef[c0 + i], coef[c1 + i], coef[c2 + i], coef[c3 + i]);
    }
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    var s = vec3<f32>(0.0);
    if (k < P.K && j < P.d) {
      let g = acc[r] * P.cScale;
      let idx = k * P.d + j;
      let w = W[idx];
      let dw = w - W0[j];
      s = vec3<f32>(g * g, dw * dw, w * w);
      let run = STATE_RUN0 + 4u * k;
      if (P.doUpdate != 0u && state[run] == 0u) {
        W[idx] = w - bitcast<f32>(state[run + 2u]) * g;
      }
    }
    red[r * 64u + t] = s;
  }
  workgroupBarrier();
  // One barrier, then 4 threads each sum one run's 64 partials serially.
  if (t < 4u) {
    let k = k0 + t;
    if (k < P.K) {
      var v = vec3<f32>(0.0);
      for (var q = 0u; q < 64u; q = q + 1u) { v = v + red[t * 64u + q]; }
      let p = (k * P.numNorm + P.normBase + wg.x) * 3u;
      normPartials[p] = v.x;
      normPartials[p + 1u] = v.y;
      normPartials[p + 2u] = v.z;
    }
  }
}
