// Sharpness, step 3: λ_k = vᵀHv (v is a unit vector) and the factor 1/‖Hv‖ that makes Hv the next v,
// one workgroup per run. λ of the last iteration is the recorded sharpness.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> state: State;
@group(0) @binding(2) var<storage, read> normPartials: array<f32>;
@group(0) @binding(3) var<storage, read_write> metrics: array<Metrics>;
@group(0) @binding(4) var<storage, read_write> sharpScale: array<f32>;

var<workgroup> red: array<vec2<f32>, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let k = wg.x;
  var s = vec2<f32>(0.0);
  for (var p = t; p < P.numNorm; p = p + 64u) {
    let b = (k * P.numNorm + p) * 3u;
    s = s + vec2<f32>(normPartials[b], normPartials[b + 1u]);
  }
  red[t] = s;
  workgroupBarrier();
  if (t == 0u) {
    var tot = vec2<f32>(0.0);
    for (var q = 0u; q < 64u; q = q + 1u) { tot = tot + red[q]; }
    let nh = sqrt(tot.y);
    var lambda = tot.x;
    var scale = 0.0;   // 0: keep v (H v = 0 along it), as the reference does
    if (nh > 0.0) { scale = 1.0 / nh; } else { lambda = 0.0; }
    metrics[state.slot * P.K + k].sharp = lambda;
    sharpScale[k] = scale;
  }
}
