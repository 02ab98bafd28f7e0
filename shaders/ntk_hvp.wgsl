// Sharpness, step 2 (NTK network, one neuron block): (H v)_sj = (a_s/√m) Σ_i h_i 1[p_is > 0] x_ij, the
// backward pass's tiled product with the Hessian weights h_i in place of the gradient coefficients,
// written to HV; per-workgroup partial sums of vᵀHv and ‖Hv‖² follow for the normalisation.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> V: array<f32>;
@group(0) @binding(2) var<storage, read_write> HV: array<f32>;
@group(0) @binding(3) var<storage, read> X: array<f32>;
@group(0) @binding(4) var<storage, read> coefH: array<f32>;
@group(0) @binding(5) var<storage, read> mask: array<u32>;
@group(0) @binding(6) var<storage, read> signs: array<f32>;
@group(0) @binding(7) var<storage, read_write> normPartials: array<f32>;

const T: u32 = 32u;
const TP: u32 = 33u;
var<workgroup> xs: array<f32, 1056>;   // [sample][feature]
var<workgroup> ds: array<f32, 1056>;   // [sample][neuron]
var<workgroup> red: array<vec3<f32>, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let j0 = wg.x * T;
  let s0 = wg.y * T;
  let k = wg.z;
  let tj = t % 8u;   // features tj + 8c
  let ts = t / 8u;   // neurons ts + 8r
  let lrow = t / T;
  let lcol = t % T;
  let iBegin = 0u;
  let iEnd = P.n;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  for (var tile = iBegin / T; tile * T < iEnd; tile = tile + 1u) {
    let ib = tile * T;
    for (var q = 0u; q < 16u; q = q + 1u) {
      let row = lrow + 2u * q;  // sample (xs) / neuron (ds)
      let i = ib + row;
      var xv = 0.0;
      if (i >= iBegin && i < iEnd && j0 + lcol < P.d) { xv = X[i * P.d + j0 + lcol]; }
      xs[row * TP + lcol] = xv;
      let s = s0 + row;
      let ic = ib + lcol;
      var dv = 0.0;
      if (s < P.blockSize && ic >= iBegin && ic < iEnd) {
        let word = mask[(k * P.blockSize + s) * P.nTiles + tile];
        if (((word >> lcol) & 1u) != 0u) { dv = coefH[k * P.n + ic]; }
      }
      ds[lcol * TP + row] = dv;
    }
    workgroupBarrier();
    for (var ii = 0u; ii < T; ii = ii + 1u) {
      let x = vec4<f32>(xs[ii * TP + tj], xs[ii * TP + tj + 8u], xs[ii * TP + tj + 16u], xs[ii * TP + tj + 24u]);
      a0 = a0 + ds[ii * TP + ts] * x;
      a1 = a1 + ds[ii * TP + ts + 8u] * x;
      a2 = a2 + ds[ii * TP + ts + 16u] * x;
      a3 = a3 + ds[ii * TP + ts + 24u] * x;
    }
    workgroupBarrier();
  }
  var sums = vec3<f32>(0.0);
  for (var r = 0u; r < 4u; r = r + 1u) {
    let s = s0 + ts + 8u * r;
    var g4 = a0;
    if (r == 1u) { g4 = a1; }
    if (r == 2u) { g4 = a2; }
    if (r == 3u) { g4 = a3; }
    if (s < P.blockSize) {
      let scale = signs[P.blockStart + s] * P.invSqrtM;
      for (var c = 0u; c < 4u; c = c + 1u) {
        let j = j0 + tj + 8u * c;
        if (j < P.d) {
          let h = g4[c] * scale;
          let idx = (k * P.blockSize + s) * P.d + j;
          HV[idx] = h;
          sums = sums + vec3<f32>(h * V[idx], h * h, 0.0);
        }
      }
    }
  }
  red[t] = sums;
  workgroupBarrier();
  if (t == 0u) {
    var tot = vec3<f32>(0.0);
    for (var q = 0u; q < 64u; q = q + 1u) { tot = tot + red[q]; }
    let p = (k * P.numNorm + P.normBase + wg.y * nwg.x + wg.x) * 3u;
    normPartials[p] = tot.x;
    normPartials[p + 1u] = tot.y;
    normPartials[p + 2u] = tot.z;
  }
}
