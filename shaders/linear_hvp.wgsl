// Sharpness, step 2 (linear model): (H v)_kj = Σ_i h_ki x_ij, with per-workgroup partial sums of
// vᵀHv and ‖Hv‖² for the normalisation that follows. One feature and 4 runs per thread.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> V: array<f32>;
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> coefH: array<f32>;
@group(0) @binding(4) var<storage, read_write> HV: array<f32>;
@group(0) @binding(5) var<storage, read_write> normPartials: array<f32>;

var<workgroup> red: array<vec2<f32>, 256>; // 4 runs × 64 threads

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let j = wg.x * 64u + t;
  let k0 = wg.z * 4u;
  let c1 = min(k0 + 1u, P.K - 1u) * P.n;
  let c2 = min(k0 + 2u, P.K - 1u) * P.n;
  let c3 = min(k0 + 3u, P.K - 1u) * P.n;
  let c0 = k0 * P.n;
  var acc = vec4<f32>(0.0);
  if (j < P.d) {
    for (var i = 0u; i < P.n; i = i + 1u) {
      acc = acc + X[i * P.d + j] * vec4<f32>(coefH[c0 + i], coefH[c1 + i], coefH[c2 + i], coefH[c3 + i]);
    }
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    var s = vec2<f32>(0.0);
    if (k < P.K && j < P.d) {
      HV[k * P.d + j] = acc[r];
      s = vec2<f32>(acc[r] * V[k * P.d + j], acc[r] * acc[r]);
    }
    red[r * 64u + t] = s;
  }
  workgroupBarrier();
  if (t < 4u && k0 + t < P.K) {
    var v = vec2<f32>(0.0);
    for (var q = 0u; q < 64u; q = q + 1u) { v = v + red[t * 64u + q]; }
    let p = ((k0 + t) * P.numNorm + wg.x) * 3u;
    normPartials[p] = v.x;
    normPartials[p + 1u] = v.y;
  }
}
