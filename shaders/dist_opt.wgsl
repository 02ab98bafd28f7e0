// The distance to the optimum, ‖w_k − w*‖ for every run k (the distToOpt metric; linear model), into
// the step's metric slot: one workgroup per run, its threads striding over the features, then a tree
// sum. w* is found once by Newton's method in float64 on the host (src/cpu/optimum.ts) and held in
// fp32; near w* the difference of the two fp32 values is exact (Sterbenz), so the metric resolves
// distances down to fp32's spacing of w* itself. Dispatched only at steps that record it, before the
// update, so it is of the same w_t as the step's loss.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> state: State;
@group(0) @binding(2) var<storage, read> W: array<f32>;
@group(0) @binding(3) var<storage, read> Wopt: array<f32>;
@group(0) @binding(4) var<storage, read_write> metrics: array<Metrics>;

const WG: u32 = 256u;
var<workgroup> red: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let k = wg.x;
  var s = 0.0;
  for (var j = t; j < P.d; j = j + WG) {
    let e = W[k * P.d + j] - Wopt[j];
    s = s + e * e;
  }
  red[t] = s;
  workgroupBarrier();
  for (var hw = WG / 2u; hw > 0u; hw = hw / 2u) {
    if (t < hw) { red[t] = red[t] + red[t + hw]; }
    workgroupBarrier();
  }
  if (t == 0u) { metrics[state.slot * P.K + k].distOpt = sqrt(red[0]); }
}
