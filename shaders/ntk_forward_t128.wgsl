// NTK forward for one neuron block, 128×128-tile variant (opt-in: GpuEngineOptions.ntkTile128): the
// same result as ntk_forward.wgsl (pre-activations p_is = x_i · w_s as a tiled matrix product, then
// Σ_s a_s relu(p_is) over the workgroup's 256-neuron chunk into one partial per sample, and the sign
// bits of p, one u32 per neuron and 32 samples), with bigger tiles.
//
// Why 128×128 output tiles (128 samples × 128 neurons, 256 threads × an 8×8 block each): every float
// a workgroup loads from X or W feeds 128 multiply-adds, twice ntk_forward's 64 (16 FMA per loaded
// byte here, 8 there), and a thread's inner step reads 4 vec4 from workgroup memory for 64 FMAs
// (16 per load; the 64 tile does 16 FMAs per 2 loads, 8 per load). The tiled product measured 6.5% of
// an H100's fp32 peak with 32×32 tiles, bound by tile traffic; 128×128 with 8×8 per thread is the
// usual next SGEMM step. The reduction dimension
// goes in 8-deep slices so both tiles stay at 2 × 8 × (128 + 4) floats = 8.25 KiB; with the
// reduction buffer (4 KiB) and the sign-bit words (2 KiB) the kernel uses 14.25 KiB, under WebGPU's
// default 16 KiB of workgroup memory. Each thread keeps its own running Σ a_s relu(p) for its 8
// samples across the chunk's two tiles, so the per-sample sum costs one cross-thread reduction per
// workgroup. The 64 accumulators are named variables, not an array, so no compiler has a reason to
// keep them in memory.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;      // this block: [k][s][j]
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> signs: array<f32>;  // a_s over all m neurons
@group(0) @binding(4) var<storage, read_write> mask: array<u32>;   // this block: [k][s][word], word = 32 samples
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;
@group(0) @binding(6) var<storage, read> W0: array<f32>;     // this block: [s][j]

const T: u32 = 128u;         // samples and neurons per output tile
const BK: u32 = 8u;          // features per slice held in workgroup memory
const MW: u32 = 32u;         // samples per sign-bit word (P.nTiles words per neuron): a tile writes 4
const CHUNK: u32 = 256u;     // neurons per workgroup (per forward partial): two tiles
const RS: u32 = 33u;         // vec4 per slice row: 32 + 1 of padding to spread the stores over banks
// Tiles packed as vec4, two halves of 64 each: xs4[jj*RS + 16h + ti] = x at feature jj of samples
// ti + 16r + 64h (r = 0..3, the vec4's components); ws4[jj*RS + 16h + ts] likewise for neurons.
var<workgroup> xs4: array<vec4<f32>, 264>;
var<workgroup> ws4: array<vec4<f32>, 264>;
var<workgroup> red: array<vec4<f32>, 256>;
var<workgroup> bits: array<atomic<u32>, 512>;   // [neuron of the tile][word: samples 32w .. 32w + 31]

// One neuron (sl of the tile, at s = s0 + sl) and one half h of this thread's samples: its sign bits
// into the tile's words, and a_s relu(p) for the 4 samples ti + 16r + 64h.
fn neuron_out(s0: u32, sl: u32, i0: u32, ti: u32, h: u32, pre: vec4<f32>) -> vec4<f32> {
  let s = s0 + sl;
  if (s >= P.blockSize) { return vec4<f32>(0.0); }
  let i = i0 + ti + 64u * h;
  var b0 = 0u;   // samples ti, ti + 16 of the half: word 2h
  var b1 = 0u;   // samples ti + 32, ti + 48: word 2h + 1
  if (pre.x > 0.0 && i < P.n) { b0 = b0 | (1u << ti); }
  if (pre.y > 0.0 && i + 16u < P.n) { b0 = b0 | (1u << (ti + 16u)); }
  if (pre.z > 0.0 && i + 32u < P.n) { b1 = b1 | (1u << ti); }
  if (pre.w > 0.0 && i + 48u < P.n) { b1 = b1 | (1u << (ti + 16u)); }
  if (b0 != 0u) { atomicOr(&bits[4u * sl + 2u * h], b0); }
  if (b1 != 0u) { atomicOr(&bits[4u * sl + 2u * h + 1u], b1); }
  return signs[P.blockStart + s] * max(pre, vec4<f32>(0.0));
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let i0 = wg.x * T;
  let k = wg.z;
  let sChunk = wg.y * CHUNK;
  let ts = t % 16u;   // neurons ts + 16c + 64h of the tile
  let ti = t / 16u;   // samples ti + 16r + 64h of the tile
  let lcol = t % BK;  // loads: feature lcol of the slice, rows of vec4 slot lslot (one vec4 store per tile)
  let lslot = t / BK;
  let lrow = lslot % 16u + 64u * (lslot / 16u);   // rows lrow + 16q, q = 0..3
  var fs0 = vec4<f32>(0.0);   // Σ a_s relu(p) over this thread's neurons, samples ti + 16r
  var fs1 = vec4<f32>(0.0);   // samples ti + 16r + 64
  // The ℓ2 term: the first sample tile's workgroups load each weight of their chunk once, and sum
  // (w − w0)² over it for stats (the K × numChunks words after the partials, as linear_forward).
  let penalize = P.l2 > 0.0 && P.sharpProduct == 0u && wg.x == 0u;
  var pen = 0.0;
  let sEnd = min(sChunk + CHUNK, P.blockSize);
  for (var s0 = sChunk; s0 < sEnd; s0 = s0 + T) {
    // Only thread t reads bits[t] and bits[t + 256] (below, after the barrier), so it may clear them
    // here unsynchronised; the other threads' atomicOr come after the first barrier of the feature
    // loop (d >= 1).
    atomicStore(&bits[t], 0u);
    atomicStore(&bits[t + 256u], 0u);
    // a{hs}{c}{h}: neuron ts + 16c + 64hs, samples ti + 16r + 64h (r = the vec4's components).
    var a000 = vec4<f32>(0.0); var a001 = vec4<f32>(0.0);
    var a010 = vec4<f32>(0.0); var a011 = vec4<f32>(0.0);
    var a020 = vec4<f32>(0.0); var a021 = vec4<f32>(0.0);
    var a030 = vec4<f32>(0.0); var a031 = vec4<f32>(0.0);
    var a100 = vec4<f32>(0.0); var a101 = vec4<f32>(0.0);
    var a110 = vec4<f32>(0.0); var a111 = vec4<f32>(0.0);
    var a120 = vec4<f32>(0.0); var a121 = vec4<f32>(0.0);
    var a130 = vec4<f32>(0.0); var a131 = vec4<f32>(0.0);
    for (var j0 = 0u; j0 < P.d; j0 = j0 + BK) {
      let j = j0 + lcol;
      var xv = vec4<f32>(0.0);
      var wv = vec4<f32>(0.0);
      if (j < P.d) {
        for (var q = 0u; q < 4u; q = q + 1u) {
          let row = lrow + 16u * q;
          if (i0 + row < P.n) { xv[q] = X[(i0 + row) * P.d + j]; }
          if (s0 + row < P.blockSize) {
            wv[q] = forward_weight((k * P.blockSize + s0 + row) * P.d + j);
            if (penalize) {
              let e = wv[q] - W0[(s0 + row) * P.d + j];
              pen = pen + e * e;
            }
          }
        }
      }
      xs4[lcol * RS + lslot] = xv;
      ws4[lcol * RS + lslot] = wv;
      workgroupBarrier();
      for (var jj = 0u; jj < BK; jj = jj + 1u) {
        let x0 = xs4[jj * RS + ti];
        let x1 = xs4[jj * RS + 16u + ti];
        let w0 = ws4[jj * RS + ts];
        let w1 = ws4[jj * RS + 16u + ts];
        a000 = a000 + w0.x * x0; a001 = a001 + w0.x * x1;
        a010 = a010 + w0.y * x0; a011 = a011 + w0.y * x1;
        a020 = a020 + w0.z * x0; a021 = a021 + w0.z * x1;
        a030 = a030 + w0.w * x0; a031 = a031 + w0.w * x1;
        a100 = a100 + w1.x * x0; a101 = a101 + w1.x * x1;
        a110 = a110 + w1.y * x0; a111 = a111 + w1.y * x1;
        a120 = a120 + w1.z * x0; a121 = a121 + w1.z * x1;
        a130 = a130 + w1.w * x0; a131 = a131 + w1.w * x1;
      }
      workgroupBarrier();
    }
    fs0 = fs0 + neuron_out(s0, ts, i0, ti, 0u, a000);
    fs1 = fs1 + neuron_out(s0, ts, i0, ti, 1u, a001);
    fs0 = fs0 + neuron_out(s0, ts + 16u, i0, ti, 0u, a010);
    fs1 = fs1 + neuron_out(s0, ts + 16u, i0, ti, 1u, a011);
    fs0 = fs0 + neuron_out(s0, ts + 32u, i0, ti, 0u, a020);
    fs1 = fs1 + neuron_out(s0, ts + 32u, i0, ti, 1u, a021);
    fs0 = fs0 + neuron_out(s0, ts + 48u, i0, ti, 0u, a030);
    fs1 = fs1 + neuron_out(s0, ts + 48u, i0, ti, 1u, a031);
    fs0 = fs0 + neuron_out(s0, ts + 64u, i0, ti, 0u, a100);
    fs1 = fs1 + neuron_out(s0, ts + 64u, i0, ti, 1u, a101);
    fs0 = fs0 + neuron_out(s0, ts + 80u, i0, ti, 0u, a110);
    fs1 = fs1 + neuron_out(s0, ts + 80u, i0, ti, 1u, a111);
    fs0 = fs0 + neuron_out(s0, ts + 96u, i0, ti, 0u, a120);
    fs1 = fs1 + neuron_out(s0, ts + 96u, i0, ti, 1u, a121);
    fs0 = fs0 + neuron_out(s0, ts + 112u, i0, ti, 0u, a130);
    fs1 = fs1 + neuron_out(s0, ts + 112u, i0, ti, 1u, a131);
    workgroupBarrier();
    for (var e = 0u; e < 2u; e = e + 1u) {
      let q = t + 256u * e;   // neuron q / 4 of the tile, its word q % 4
      let s = s0 + q / 4u;
      let word = wg.x * (T / MW) + q % 4u;
      if (s < P.blockSize && word < P.nTiles) { mask[(k * P.blockSize + s) * P.nTiles + word] = atomicLoad(&bits[q]); }
    }
  }
  // Per sample, the 16 threads that share ti hold its neurons' parts: two rounds of the reduction
  // buffer (samples 0..63, then 64..127 of the tile).
  var sum = 0.0;
  red[t] = fs0;
  workgroupBarrier();
  if (t < 64u) {
    for (var q = 0u; q < 16u; q = q + 1u) { sum = sum + red[(t % 16u) * 16u + q][t / 16u]; }
  }
  workgroupBarrier();
  red[t] = fs1;
  workgroupBarrier();
  if (t >= 64u && t < T) {
    let u = t - 64u;
    for (var q = 0u; q < 16u; q = q + 1u) { sum = sum + red[(u % 16u) * 16u + q][u / 16u]; }
  }
  if (t < T && i0 + t < P.n) {
    partials[(k * P.numChunks + P.chunkBase + wg.y) * P.n + i0 + t] = sum;
  }
  if (penalize) { write_penalty(t, k, wg.y, pen); }
}
