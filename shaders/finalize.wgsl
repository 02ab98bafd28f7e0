// Per-run reduction of the backward passes' norm partials: ‖∇L‖, ‖w − w0‖ and ‖w‖ for this slot
// (one workgroup per run). The host turns min z and ‖w‖ into the normalized margin in float64.
// For adaptive η/‖∇L‖ the run's logScale takes ln ‖∇L/L‖ (the backwards sum ∇L/L, stats.wgsl), which
// this step's update (dispatched after this) divides by.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> state: State;
@group(0) @binding(2) var<storage, read> normPartials: array<f32>;
@group(0) @binding(3) var<storage, read_write> metrics: array<Metrics>;

// 64 threads; the partials meet in two levels (8 threads × 8 partials, then thread 0 × 8): a short
// chain for the one workgroup per run that a GPU would otherwise wait on, for one more barrier.
var<workgroup> red: array<vec3<f32>, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let k = wg.x;
  var s = vec3<f32>(0.0);
  for (var p = t; p < P.numNorm; p = p + 64u) {
    let b = (k * P.numNorm + p) * 3u;
    s = s + vec3<f32>(normPartials[b], normPartials[b + 1u], normPartials[b + 2u]);
  }
  red[t] = s;
  workgroupBarrier();
  if (t < 8u) {
    var v = vec3<f32>(0.0);
    for (var q = 0u; q < 8u; q = q + 1u) { v = v + red[8u * t + q]; }
    red[8u * t] = v;
  }
  workgroupBarrier();
  if (t == 0u) {
    var tot = vec3<f32>(0.0);
    for (var q = 0u; q < 8u; q = q + 1u) { tot = tot + red[8u * q]; }
    let slot = state.slot * P.K + k;
    // Adaptive stepsizes: the backwards summed ∇L/L (stats.wgsl), so ‖∇L‖ = L·‖∇L/L‖.
    if (adaptive_step()) {
      metrics[slot].gradNorm = exp(0.5 * log(tot.x) + state.runs[k].logLoss);
    } else {
      metrics[slot].gradNorm = sqrt(tot.x);
    }
    metrics[slot].dist = sqrt(tot.y);
    metrics[slot].wnorm = sqrt(tot.z);
    if (P.optKind == OPT_ADAPTIVE_GRAD_NORM) { state.runs[k].logScale = 0.5 * log(tot.x); }
  }
}
