// NTK backward for one neuron block, fused with the update, 128×128-tile variant (opt-in:
// GpuEngineOptions.ntkTile128): the same result as ntk_backward.wgsl. G_sj = cScale (a_s/√m)
// Σ_i c_i 1[p_is > 0] x_ij, a tiled matrix product whose left factor is rebuilt on the fly from the
// forward pass's sign bits and the coefficients c_i; then W -= η_k G for running runs, and partial
// sums of G², (W − W0)², W² of the old weights; the step and the ℓ2 term as ntk_backward's.
//
// Why 128×128 output tiles (128 neurons × 128 features, 256 threads × an 8×8 block each): every
// float a workgroup loads (x or a rebuilt left-factor entry) feeds 128 multiply-adds, twice
// ntk_backward's 64 (16 FMA per loaded byte instead of 8), and a thread's inner step reads 4 vec4
// from workgroup memory for 64 FMAs (16 per load; the 64 tile does 8). The tiled product measured
// 6.5% of an H100's fp32 peak with 32×32 tiles, bound by tile traffic. Samples go in 8-deep slices
// (a quarter of a sign-bit word) so the two tiles take 2 × 8 × (128 + 4) floats = 8.25 KiB, 12.25 KiB
// with the reduction buffer, under WebGPU's default 16 KiB of workgroup memory.
//
// Norm partials: finalize and sharp_normalize sum P.numNorm slots per run, laid out on the 64×64 grid
// that ntk_backward fills (also as the sharpness's product, which keeps 64×64 tiles): ⌈d/64⌉ · ⌈blockSize/64⌉ per block, slot y·⌈d/64⌉ + x.
// A 128×128 tile covers the 2×2 slots of its four 64×64 quarters; it writes its sum into the first and
// zeros into the others that exist, so every slot of the block is rewritten each dispatch (no stale
// Hessian-vector partial from a sharpness step survives) and the slots sum to this kernel's total.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> state: State;
@group(0) @binding(2) var<storage, read_write> W: array<f32>;
@group(0) @binding(3) var<storage, read> W0: array<f32>;     // this block: [s][j]
@group(0) @binding(4) var<storage, read> X: array<f32>;
@group(0) @binding(5) var<storage, read> coef: array<f32>;
@group(0) @binding(6) var<storage, read> mask: array<u32>;   // this block: [k][s][word], word = 32 samples
@group(0) @binding(7) var<storage, read> signs: array<f32>;
@group(0) @binding(8) var<storage, read_write> normPartials: array<f32>;

const T: u32 = 128u;         // neurons and features per output tile
const BK: u32 = 8u;          // samples per slice held in workgroup memory
const MW: u32 = 32u;         // samples per sign-bit word (P.nTiles words per neuron)
const NT: u32 = 64u;         // the norm-partial slots' tile (ntk_backward's T); T = 2 NT
const RS: u32 = 33u;         // vec4 per slice row: 32 + 1 of padding
// Tiles packed as vec4, two halves of 64 each: xs4[ii*RS + 16h + tj] = x of sample ii at features
// tj + 16c + 64h (c = 0..3, the vec4's components); ds4[ii*RS + 16h + ts] = the left factor of sample
// ii at neurons ts + 16r + 64h.
var<workgroup> xs4: array<vec4<f32>, 264>;
var<workgroup> ds4: array<vec4<f32>, 264>;
var<workgroup> red: array<vec3<f32>, 256>;
var<workgroup> sampleW: u32;

// Neuron s and the 4 features jb + 16c of one accumulator: the gradient, the update (when `update`)
// and this thread's share of the norm partials.
fn apply(k: u32, s: u32, jb: u32, g4: vec4<f32>, update: bool) -> vec3<f32> {
  var sums = vec3<f32>(0.0);
  if (s >= P.blockSize) { return sums; }
  let scale = signs[P.blockStart + s] * P.invSqrtM * P.cScale;
  for (var c = 0u; c < 4u; c = c + 1u) {
    let j = jb + 16u * c;
    if (j < P.d) {
      let idx = (k * P.blockSize + s) * P.d + j;
      let w = W[idx];
      let dw = w - W0[s * P.d + j];
      var g = g4[c] * scale;
      if (P.l2 > 0.0) { g = g + l2_grad(k, gradient_point(idx, w) - W0[s * P.d + j]); }
      sums = sums + vec3<f32>(g * g, dw * dw, w * w);
      if (update) { step_weight(k, idx, w, g); }
    }
  }
  return sums;
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let j0 = wg.x * T;
  let s0 = wg.y * T;
  let k = wg.z;
  let tj = t % 16u;   // features tj + 16c + 64h
  let ts = t / 16u;   // neurons ts + 16r + 64h
  let lf = t % T;     // x loads: feature lf of samples lx + 2q (128 consecutive floats per row)
  let lx = t / T;
  let lfSlot = (lf / 64u) * 16u + lf % 16u;
  let lfComp = (lf % 64u) / 16u;
  let ln = t / 2u;    // left-factor loads: neuron ln, samples 4·(t % 2) + e (one mask word each)
  let le = (t % 2u) * 4u;
  let lnSlot = (ln / 64u) * 16u + ln % 16u;
  let lnComp = (ln % 64u) / 16u;
  // The SGD sample comes from a storage buffer; workgroupUniformLoad makes the loop bounds
  // provably uniform so the barriers inside are legal.
  if (t == 0u) { sampleW = state.sample; }
  let smp = workgroupUniformLoad(&sampleW);
  var iBegin = 0u;
  var iEnd = P.n;
  if (P.sgd != 0u) { iBegin = smp; iEnd = smp + 1u; }
  // g{hn}{r}{h}: neuron ts + 16r + 64hn, features tj + 16c + 64h (c = the vec4's components).
  var g000 = vec4<f32>(0.0); var g001 = vec4<f32>(0.0);
  var g010 = vec4<f32>(0.0); var g011 = vec4<f32>(0.0);
  var g020 = vec4<f32>(0.0); var g021 = vec4<f32>(0.0);
  var g030 = vec4<f32>(0.0); var g031 = vec4<f32>(0.0);
  var g100 = vec4<f32>(0.0); var g101 = vec4<f32>(0.0);
  var g110 = vec4<f32>(0.0); var g111 = vec4<f32>(0.0);
  var g120 = vec4<f32>(0.0); var g121 = vec4<f32>(0.0);
  var g130 = vec4<f32>(0.0); var g131 = vec4<f32>(0.0);
  for (var tile = iBegin / BK; tile * BK < iEnd; tile = tile + 1u) {
    let ib = tile * BK;
    for (var q = 0u; q < 4u; q = q + 1u) {
      let ii = lx + 2u * q;
      let i = ib + ii;
      var xv = 0.0;
      if (i >= iBegin && i < iEnd && j0 + lf < P.d) { xv = X[i * P.d + j0 + lf]; }
      xs4[ii * RS + lfSlot][lfComp] = xv;
    }
    let s = s0 + ln;
    var word = 0u;
    if (s < P.blockSize) { word = mask[(k * P.blockSize + s) * P.nTiles + ib / MW]; }
    for (var e = 0u; e < 4u; e = e + 1u) {
      let ii = le + e;
      let i = ib + ii;
      var dv = 0.0;
      if (i >= iBegin && i < iEnd && ((word >> (i % MW)) & 1u) != 0u) { dv = coef[k * P.n + i]; }
      ds4[ii * RS + lnSlot][lnComp] = dv;
    }
    workgroupBarrier();
    for (var ii = 0u; ii < BK; ii = ii + 1u) {
      let x0 = xs4[ii * RS + tj];
      let x1 = xs4[ii * RS + 16u + tj];
      let d0 = ds4[ii * RS + ts];
      let d1 = ds4[ii * RS + 16u + ts];
      g000 = g000 + d0.x * x0; g001 = g001 + d0.x * x1;
      g010 = g010 + d0.y * x0; g011 = g011 + d0.y * x1;
      g020 = g020 + d0.z * x0; g021 = g021 + d0.z * x1;
      g030 = g030 + d0.w * x0; g031 = g031 + d0.w * x1;
      g100 = g100 + d1.x * x0; g101 = g101 + d1.x * x1;
      g110 = g110 + d1.y * x0; g111 = g111 + d1.y * x1;
      g120 = g120 + d1.z * x0; g121 = g121 + d1.z * x1;
      g130 = g130 + d1.w * x0; g131 = g131 + d1.w * x1;
    }
    workgroupBarrier();
  }
  let update = P.doUpdate != 0u && state.runs[k].status == 0u;
  let sn = s0 + ts;
  let jf = j0 + tj;
  var sums = apply(k, sn, jf, g000, update);
  sums = sums + apply(k, sn, jf + 64u, g001, update);
  sums = sums + apply(k, sn + 16u, jf, g010, update);
  sums = sums + apply(k, sn + 16u, jf + 64u, g011, update);
  sums = sums + apply(k, sn + 32u, jf, g020, update);
  sums = sums + apply(k, sn + 32u, jf + 64u, g021, update);
  sums = sums + apply(k, sn + 48u, jf, g030, update);
  sums = sums + apply(k, sn + 48u, jf + 64u, g031, update);
  sums = sums + apply(k, sn + 64u, jf, g100, update);
  sums = sums + apply(k, sn + 64u, jf + 64u, g101, update);
  sums = sums + apply(k, sn + 80u, jf, g110, update);
  sums = sums + apply(k, sn + 80u, jf + 64u, g111, update);
  sums = sums + apply(k, sn + 96u, jf, g120, update);
  sums = sums + apply(k, sn + 96u, jf + 64u, g121, update);
  sums = sums + apply(k, sn + 112u, jf, g130, update);
  sums = sums + apply(k, sn + 112u, jf + 64u, g131, update);
  red[t] = sums;
  workgroupBarrier();
  for (var hw = 128u; hw > 0u; hw = hw / 2u) {
    if (t < hw) { red[t] = red[t] + red[t + hw]; }
    workgroupBarrier();
  }
  // Threads 0..3: the 64×64 slots of this tile's quarters (x = 2 wg.x + t % 2, y = 2 wg.y + t / 2).
  let nx = (P.d + NT - 1u) / NT;
  let ny = (P.blockSize + NT - 1u) / NT;
  let qx = 2u * wg.x + t % 2u;
  let qy = 2u * wg.y + t / 2u;
  if (t < 4u && qx < nx && qy < ny) {
    var v = vec3<f32>(0.0);
    if (t == 0u) { v = red[0]; }
    let p = (k * P.numNorm + P.normBase + qy * nx + qx) * 3u;
    normPartials[p] = v.x;
    normPartials[p + 1u] = v.y;
    normPartials[p + 2u] = v.z;
  }
}
