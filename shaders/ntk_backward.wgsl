// NTK backward for one neuron block, fused with the update: G_sj = cScale (a_s/√m) Σ_i c_i 1[p_is > 0] x_ij,
// a tiled matrix product (32 neurons × 32 features per workgroup, a 4×4 block of outputs per thread)
// whose left factor is rebuilt on the fly from the forward pass's sign bits and the coefficients c_i.
// Then W -= η_k G for running runs, and partial sums of G², (W − W0)², W² of the old weights.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> state: array<u32>;
@group(0) @binding(2) var<storage, read_write> W: array<f32>;
@group(0) @binding(3) var<storage, read> W0: array<f32>;     // this block: [s][j]
@group(0) @binding(4) var<storage, read> X: array<f32>;
@group(0) @binding(5) var<storage, read> coef: array<f32>;
@group(0) @binding(6) var<storage, read> mask: array<u32>;
@group(0) @binding(7) var<storage, read> signs: array<f32>;
@group(0) @binding(8) var<storage, read_write> normPartials: array<f32>;

const T: u32 = 32u;
const TP: u32 = 33u;
// Tiles packed as vec4 so the inner loop does 2 vector loads per 16 multiply-adds:
// xs4[ii*9 + tj] = x of sample ii at features (tj, tj+8, tj+16, tj+24); ds4[ii*9 + ts] = the left
// factor of sample ii at neurons (ts, ts+8, ts+16, ts+24). One vec4 of padding per row.
var<workgroup> xs4: array<vec4<f32>, 288>;
var<workgroup> ds4: array<vec4<f32>, 288>;
var<workgroup> red: array<vec3<f32>, 64>;
var<workgroup> sampleW: u32;

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
  // The SGD sample comes from a storage buffer; workgroupUniformLoad makes the loop bounds
  // provably uniform so the barriers inside are legal.
  if (t == 0u) { sampleW = state[2]; }
  let smp = workgroupUniformLoad(&sampleW);
  var iBegin = 0u;
  var iEnd = P.n;
  if (P.sgd != 0u) { iBegin = smp; iEnd = smp + 1u; }
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
      xs4[row * 9u + lcol % 8u][lcol / 8u] = xv;
      let s = s0 + row;
      let ic = ib + lcol;
      var dv = 0.0;
      if (s < P.blockSize && ic >= iBegin && ic < iEnd) {
        let word = mask[(k * P.blockSize + s) * P.nTiles + tile];
        if (((word >> lcol) & 1u) != 0u) { dv = coef[k * P.n + ic]; }
      }
      ds4[lcol * 9u + row % 8u][row / 8u] = dv;
    }
    workgroupBarrier();
    for (var ii = 0u; ii < T; ii = ii + 1u) {
      let x = xs4[ii * 9u + tj];
      let dv = ds4[ii * 9u + ts];
      a0 = a0 + dv.x * x;
      a1 = a1 + dv.y * x;
      a2 = a2 + dv.z * x;
      a3 = a3 + dv.w * x;
    }
    workgroupBarrier();
  }
  let run = STATE_RUN0 + 4u * k;
  let running = state[run] == 0u;
  let eta = bitcast<f32>(state[run + 2u]);
  var sums = vec3<f32>(0.0);
  for (var r = 0u; r < 4u; r = r + 1u) {
    let s = s0 + ts + 8u * r;
    var g4 = a0;
    if (r == 1u) { g4 = a1; }
    if (r == 2u) { g4 = a2; }
    if (r == 3u) { g4 = a3; }
    if (s < P.blockSize) {
      let scale = signs[P.blockStart + s] * P.invSqrtM * P.cScale;
      for (var c = 0u; c < 4u; c = c + 1u) {
        let j = j0 + tj + 8u * c;
        if (j < P.d) {
          let g = g4[c] * scale;
          let idx = (k * P.blockSize + s) * P.d + j;
          let w = W[idx];
          let dw = w - W0[s * P.d + j];
          sums = sums + vec3<f32>(g * g, dw * dw, w * w);
          if (P.doUpdate != 0u && running) { W[idx] = w - eta * g; }
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
