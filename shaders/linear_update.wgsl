// Linear model backward, part 2 of 2, fused with the update: g_kj = cScale · Σ_c gradPartials[k][c][j],
// then w_kj -= η_k g_kj for running runs. The same pass writes per-workgroup partial sums of g²,
// (w − w0)² and w² (of the weights before the update), which finalize.wgsl reduces. One feature and
// 4 runs per thread; the sums are linear_sum.wgsl's.
// With a single chunk (tiny n) or SGD's single sample, this kernel sums c_ki x_ij over the samples
// itself and linear_backward is not dispatched: one dispatch fewer per step where the per-dispatch
// cost, not the sum, is what a step costs.
// The update is the optimizer's (Params.optKind), one kernel for all of them: weight_step.wgsl, shared
// with the NTK backwards. The ℓ2 term adds λ(w − w0) to g, with w the point the gradient is taken at
// (Nesterov's look-ahead point on its update).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> state: State;
@group(0) @binding(2) var<storage, read_write> W: array<f32>;
@group(0) @binding(3) var<storage, read> W0: array<f32>;
@group(0) @binding(4) var<storage, read> X: array<f32>;
@group(0) @binding(5) var<storage, read> coef: array<f32>;
@group(0) @binding(6) var<storage, read> gradPartials: array<f32>;
@group(0) @binding(7) var<storage, read_write> normPartials: array<f32>;

const TJ: u32 = 64u;
var<workgroup> red: array<vec3<f32>, 256>; // 4 runs × 64 threads
var<workgroup> red2: array<vec3<f32>, 64>; // 4 runs × 16 sums of 4 threads

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let j = wg.x * TJ + t;
  let k0 = wg.z * 4u;
  var acc = vec4<f32>(0.0);
  if (j < P.d && (P.sgd != 0u || P.gradChunks == 1u)) {
    // All the samples, or the one SGD draws (linear_sum.wgsl).
    var iBegin = 0u;
    var iEnd = P.n;
    if (P.sgd != 0u) { iBegin = state.sample; iEnd = iBegin + 1u; }
    acc = linear_sum_samples(j, k0, iBegin, iEnd);
  } else if (j < P.d) {
    acc = linear_sum_chunks(j, k0);
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    let k = k0 + r;
    var s = vec3<f32>(0.0);
    if (k < P.K && j < P.d) {
      let idx = k * P.d + j;
      let w = W[idx];
      let dw = w - W0[j];
      var g = acc[r] * P.cScale;
      if (P.l2 > 0.0) { g = g + l2_grad(k, gradient_point(idx, w) - W0[j]); }
      s = vec3<f32>(g * g, dw * dw, w * w);
      if (P.doUpdate != 0u && state.runs[k].status == 0u) {
        step_weight(k, idx, w, g);
      }
    }
    red[r * 64u + t] = s;
  }
  workgroupBarrier();
  // Thread t sums threads 4t .. 4t+3 of run t/16; then 4 threads each sum their run's 16 sums.
  let q = 4u * t;
  red2[t] = (red[q] + red[q + 1u]) + (red[q + 2u] + red[q + 3u]);
  workgroupBarrier();
  if (t < 4u) {
    let k = k0 + t;
    if (k < P.K) {
      var v = vec3<f32>(0.0);
      for (var p = 0u; p < 16u; p = p + 1u) { v = v + red2[16u * t + p]; }
      let b = (k * P.numNorm + P.normBase + wg.x) * 3u;
      normPartials[b] = v.x;
      normPartials[b + 1u] = v.y;
      normPartials[b + 2u] = v.z;
    }
  }
}
