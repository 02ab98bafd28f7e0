// NTK backward for one neuron block, fused with the update: G_sj = cScale (a_s/√m) Σ_i c_i 1[p_is > 0] x_ij,
// a tiled matrix product whose left factor is rebuilt on the fly from the forward pass's sign bits
// and the coefficients c_i. Then W -= η_k G for running runs, and partial sums of G², (W − W0)², W²
// of the old weights. The step is the optimizer's (weight_step.wgsl: the momentum methods' velocities
// follow the K weight vectors in W's buffer), with the ℓ2 term's λ(w − w0) in the gradient.
//
// Why 64×64 output tiles (64 neurons × 64 features, 256 threads × a 4×4 block each): every float a
// workgroup loads (x or a rebuilt left-factor entry) is used for 64 multiply-adds, twice the 32×32
// tile's 32, which left the kernel bound by tile loads from L2 on an H100. Samples go in 16-deep
// slices so the two tiles (2 × 16 × 64 floats + padding) stay well under WebGPU's default 16 KiB of
// workgroup memory; a slice is half a sign-bit word (32 samples per word).
//
// With P.sharpProduct = 1 the same kernel is the power iteration's Hessian-vector product (sharpness):
// (H v)_sj = (a_s/√m) Σ_i h_i 1[p_is > 0] x_ij, the Hessian weights h_i bound where the coefficients go,
// W bound to HV (written, not updated) and W0 to the direction V (per run, laid out as W), and the norm
// partials are vᵀHv and ‖Hv‖² for sharp_normalize (Hv with the ℓ2 term's λv). One tiled product serves both, so the sharpness
// gets the backward's tiles, and its partials land in the same slots finalize reads.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> state: State;
@group(0) @binding(2) var<storage, read_write> W: array<f32>;
@group(0) @binding(3) var<storage, read> W0: array<f32>;     // this block: [s][j]
@group(0) @binding(4) var<storage, read> X: array<f32>;
@group(0) @binding(5) var<storage, read> coef: array<f32>;
@group(0) @binding(6) var<storage, read> mask: array<u32>;   // this block: [k][s][word], word = 32 samples
@group(0) @binding(7) var<storage, read> signs: array<f32>;
@group(0) @binding(8) var<storage, read_write> normPartials: array<f32>;

const T: u32 = 64u;          // neurons and features per output tile
const BK: u32 = 16u;         // samples per slice held in workgroup memory
const MW: u32 = 32u;         // samples per sign-bit word (P.nTiles words per neuron)
const RS: u32 = 17u;         // vec4 per slice row: 16 + 1 of padding
// Tiles packed as vec4 so the inner loop does 2 vector loads per 16 multiply-adds:
// xs4[ii*RS + tj] = x of sample ii at features (tj, tj+16, tj+32, tj+48); ds4[ii*RS + ts] = the left
// factor of sample ii at neurons (ts, ts+16, ts+32, ts+48).
var<workgroup> xs4: array<vec4<f32>, 272>;
var<workgroup> ds4: array<vec4<f32>, 272>;
var<workgroup> red: array<vec3<f32>, 256>;
var<workgroup> sampleW: u32;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) t: u32) {
  let j0 = wg.x * T;
  let s0 = wg.y * T;
  let k = wg.z;
  let tj = t % 16u;   // features tj + 16c
  let ts = t / 16u;   // neurons ts + 16r
  let lf = t % T;     // x loads: feature lf of samples lx + 4q (64 consecutive floats per row)
  let lx = t / T;
  let ln = t / 4u;    // left-factor loads: neuron ln, samples 4·(t % 4) + e (one mask word each)
  let le = (t % 4u) * 4u;
  // The SGD sample comes from a storage buffer; workgroupUniformLoad makes the loop bounds
  // provably uniform so the barriers inside are legal.
  if (t == 0u) { sampleW = state.sample; }
  let smp = workgroupUniformLoad(&sampleW);
  var iBegin = 0u;
  var iEnd = P.n;
  if (P.sgd != 0u) { iBegin = smp; iEnd = smp + 1u; }
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  for (var tile = iBegin / BK; tile * BK < iEnd; tile = tile + 1u) {
    let ib = tile * BK;
    for (var q = 0u; q < 4u; q = q + 1u) {
      let ii = lx + 4u * q;
      let i = ib + ii;
      var xv = 0.0;
      if (i >= iBegin && i < iEnd && j0 + lf < P.d) { xv = X[i * P.d + j0 + lf]; }
      xs4[ii * RS + lf % 16u][lf / 16u] = xv;
    }
    let s = s0 + ln;
    var word = 0u;
    if (s < P.blockSize) { word = mask[(k * P.blockSize + s) * P.nTiles + ib / MW]; }
    for (var e = 0u; e < 4u; e = e + 1u) {
      let ii = le + e;
      let i = ib + ii;
      var dv = 0.0;
      if (i >= iBegin && i < iEnd && ((word >> (i % MW)) & 1u) != 0u) { dv = coef[k * P.n + i]; }
      ds4[ii * RS + ln % 16u][ln / 16u] = dv;
    }
    workgroupBarrier();
    for (var ii = 0u; ii < BK; ii = ii + 1u) {
      let x = xs4[ii * RS + tj];
      let dv = ds4[ii * RS + ts];
      a0 = a0 + dv.x * x;
      a1 = a1 + dv.y * x;
      a2 = a2 + dv.z * x;
      a3 = a3 + dv.w * x;
    }
    workgroupBarrier();
  }
  let running = state.runs[k].status == 0u;
  var sums = vec3<f32>(0.0);
  for (var r = 0u; r < 4u; r = r + 1u) {
    let s = s0 + ts + 16u * r;
    var g4 = a0;
    if (r == 1u) { g4 = a1; }
    if (r == 2u) { g4 = a2; }
    if (r == 3u) { g4 = a3; }
    if (s < P.blockSize) {
      let scale = signs[P.blockStart + s] * P.invSqrtM * P.cScale;
      for (var c = 0u; c < 4u; c = c + 1u) {
        let j = j0 + tj + 16u * c;
        if (j < P.d) {
          let g = g4[c] * scale;
          let idx = (k * P.blockSize + s) * P.d + j;
          if (P.sharpProduct != 0u) {
            // The ℓ2 term's Hessian is λI: Hv gains λv.
            let hv = g + P.l2 * W0[idx];
            W[idx] = hv;
            sums = sums + vec3<f32>(hv * W0[idx], hv * hv, 0.0);
          } else {
            let w = W[idx];
            let dw = w - W0[s * P.d + j];
            var gl = g;
            if (P.l2 > 0.0) { gl = g + l2_grad(k, gradient_point(idx, w) - W0[s * P.d + j]); }
            sums = sums + vec3<f32>(gl * gl, dw * dw, w * w);
            if (P.doUpdate != 0u && running) { step_weight(k, idx, w, gl); }
          }
        }
      }
    }
  }
  red[t] = sums;
  workgroupBarrier();
  for (var hw = 128u; hw > 0u; hw = hw / 2u) {
    if (t < hw) { red[t] = red[t] + red[t + hw]; }
    workgroupBarrier();
  }
  if (t == 0u) {
    let p = (k * P.numNorm + P.normBase + wg.y * nwg.x + wg.x) * 3u;
    normPartials[p] = red[0].x;
    normPartials[p + 1u] = red[0].y;
    normPartials[p + 2u] = red[0].z;
  }
}
