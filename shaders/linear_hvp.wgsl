// Sharpness (linear model), the last step of a Hessian-vector product: (H v)_kj = Σ_i h_ki x_ij with
// h_ki = ℓ''(z_ki) (x_i · v_k)/n, and per-workgroup partial sums of vᵀHv and ‖Hv‖² for the
// normalisation that follows. One feature and 4 runs per thread, the sums of linear_update
// (linear_sum.wgsl): the product runs on the step's own kernels, linear_forward with V where W goes
// (x_i · v), sharp_hcoef (h), linear_backward with h where the gradient's coefficients go (chunk
// sums), then this. Why not one thread per feature walking all n samples, as this kernel once did:
// that serial chain in ceil(d/64) workgroups was, like the old forward and backward, the whole cost
// (SwiftShader, mnist08: a power iteration cost 1.5× a step at K = 1 and 1.4× at K = 64).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> V: array<f32>;
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> coef: array<f32>;
@group(0) @binding(4) var<storage, read> gradPartials: array<f32>;
@group(0) @binding(5) var<storage, read_write> HV: array<f32>;
@group(0) @binding(6) var<storage, read_write> normPartials: array<f32>;

const TJ: u32 = 64u; // features per workgroup: its norm partials fill linear_update's slots
var<workgroup> red: array<vec2<f32>, 256>; // 4 runs × 64 threads

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let j = wg.x * TJ + t;
  let k0 = wg.z * 4u;
  var acc = vec4<f32>(0.0);
  // One chunk: linear_backward was not dispatched, so the samples are summed here.
  if (j < P.d && P.gradChunks == 1u) {
    acc = linear_sum_samples(j, k0, 0u, P.n);
  } else if (j < P.d) {
    acc = linear_sum_chunks(j, k0);
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    var s = vec2<f32>(0.0);
    if (k < P.K && j < P.d) {
      // The ℓ2 term's Hessian is λI.
      let hv = acc[r] + P.l2 * V[k * P.d + j];
      HV[k * P.d + j] = hv;
      s = vec2<f32>(hv * V[k * P.d + j], hv * hv);
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
