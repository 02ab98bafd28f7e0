// ‖∇L‖ and ‖w − w0‖ of every run of the fully connected network into its metric slot, one
// workgroup per run (256 threads stride over the P parameters, then a tree reduction).

struct NP {
  P: u32,
  slot: u32,
  K: u32,
  spare: u32,
}

@group(0) @binding(0) var<uniform> P: NP;
@group(0) @binding(1) var<storage, read> W: array<f32>;
@group(0) @binding(2) var<storage, read> W0: array<f32>;
@group(0) @binding(3) var<storage, read> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> metrics: array<Metrics>;

var<workgroup> s: array<vec2<f32>, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let k = wg.x;
  var acc = vec2<f32>(0.0);
  for (var j = t; j < P.P; j = j + 256u) {
    let g = grad[k * P.P + j];
    let d = W[k * P.P + j] - W0[j];
    acc = acc + vec2<f32>(g * g, d * d);
  }
  s[t] = acc;
  workgroupBarrier();
  for (var h = 128u; h > 0u; h = h / 2u) {
    if (t < h) { s[t] = s[t] + s[t + h]; }
    workgroupBarrier();
  }
  if (t == 0u) {
    let idx = P.slot * P.K + k;
    metrics[idx].gradNorm = sqrt(s[0].x);
    metrics[idx].dist = sqrt(s[0].y);
  }
}
