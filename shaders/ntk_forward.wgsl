// NTK forward for one neuron block: pre-activations p_is = x_i · w_s as a tiled matrix product, then
// Σ_s a_s relu(p_is) over the workgroup's chunk of neurons into one partial per sample. The n×m
// activations are never stored: only their sign bits (one u32 per neuron and 32 samples), which the
// backward pass and the sharpness kernels read.
//
// Why 64×64 output tiles (64 samples × 64 neurons, 256 threads × a 4×4 block each): every float a
// workgroup loads from X or W is used for 64 multiply-adds (a 32×32 tile used each only 32 times,
// 4 FMA per byte, which on an H100 needs ≈ 8 TB/s from L2 and leaves the kernel load-bound). The
// reduction dimension goes in 16-deep slices so both tiles (2 × 64 × 16 floats + padding) and the
// rest stay well under WebGPU's default 16 KiB of workgroup memory. Each thread keeps its own
// running Σ a_s relu(p) for its 4 samples across all neurons of the chunk, so the per-sample sum
// costs one cross-thread reduction per workgroup instead of one per 64-neuron tile.
//
// With P.sharpProduct = 1 the same kernel is the power iteration's Jacobian-vector product (sharpness):
// W is bound to the direction V, and the partials are Σ_s a_s 1[p_is > 0] x_i·v_s over the chunk,
// the ReLU pattern read from the sign bits the step's forward stored (not written). One tiled product
// serves both, so the sharpness gets the forward's 64×64 tiles.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;      // this block: [k][s][j]
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> signs: array<f32>;  // a_s over all m neurons
@group(0) @binding(4) var<storage, read_write> mask: array<u32>;   // this block: [k][s][word], word = 32 samples
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;
@group(0) @binding(6) var<storage, read> W0: array<f32>;     // this block: [s][j]

const T: u32 = 64u;          // samples and neurons per output tile
const BK: u32 = 16u;         // features per slice held in workgroup memory
const MW: u32 = 32u;         // samples per sign-bit word (P.nTiles words per neuron): a tile writes 2
const CHUNK: u32 = 256u;     // neurons per workgroup (per forward partial)
const RS: u32 = 17u;         // vec4 per slice row: 16 + 1 of padding to spread stores over banks
// Tiles packed as vec4 so the inner loop does 2 vector loads per 16 multiply-adds:
// xs4[jj*RS + ti] = x of samples (ti, ti+16, ti+32, ti+48) at feature jj; ws4 likewise for neurons.
var<workgroup> xs4: array<vec4<f32>, 272>;
var<workgroup> ws4: array<vec4<f32>, 272>;
var<workgroup> red: array<vec4<f32>, 256>;
var<workgroup> bits: array<atomic<u32>, 128>;   // [neuron of the tile][word 0: samples 0..31, 1: 32..63]

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let i0 = wg.x * T;
  let k = wg.z;
  let sChunk = wg.y * CHUNK;
  let ts = t % 16u;   // neurons ts + 16c of the tile
  let ti = t / 16u;   // samples ti + 16r of the tile
  let lrow = t / BK;  // loads: rows lrow + 16q (one vec4 store per tile), column lcol
  let lcol = t % BK;
  var fs = vec4<f32>(0.0);   // Σ a_s relu(p) over this thread's neurons, samples ti + 16r
  // The ℓ2 term: the first sample tile's workgroups load each weight of their chunk once, and sum
  // (w − w0)² over it for stats (the K × numChunks words after the partials, as linear_forward).
  let penalize = P.l2 > 0.0 && P.sharpProduct == 0u && wg.x == 0u;
  var pen = 0.0;
  let sEnd = min(sChunk + CHUNK, P.blockSize);
  for (var s0 = sChunk; s0 < sEnd; s0 = s0 + T) {
    // Only thread t reads bits[t] (below, after the barrier), so it may clear it here unsynchronised;
    // the other threads' atomicOr come after the first barrier of the feature loop (d >= 1).
    if (t < 2u * T) { atomicStore(&bits[t], 0u); }
    var a0 = vec4<f32>(0.0);
    var a1 = vec4<f32>(0.0);
    var a2 = vec4<f32>(0.0);
    var a3 = vec4<f32>(0.0);
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
      xs4[lcol * RS + lrow] = xv;
      ws4[lcol * RS + lrow] = wv;
      workgroupBarrier();
      for (var jj = 0u; jj < BK; jj = jj + 1u) {
        let w = ws4[jj * RS + ts];
        let x = xs4[jj * RS + ti];
        a0 = a0 + x.x * w;
        a1 = a1 + x.y * w;
        a2 = a2 + x.z * w;
        a3 = a3 + x.w * w;
      }
      workgroupBarrier();
    }
    for (var c = 0u; c < 4u; c = c + 1u) {
      let sl = ts + 16u * c;
      let s = s0 + sl;
      var a = 0.0;
      if (s < P.blockSize) { a = signs[P.blockStart + s]; }
      let pre = vec4<f32>(a0[c], a1[c], a2[c], a3[c]);   // samples ti + 16r
      if (P.sharpProduct != 0u) {
        // x_i·v_s where the forward's p_is was positive (bits of samples ti + 16r: words 0 and 1).
        var w0 = 0u;
        var w1 = 0u;
        if (s < P.blockSize) {
          let base = (k * P.blockSize + s) * P.nTiles + wg.x * (T / MW);
          w0 = mask[base];
          if (wg.x * (T / MW) + 1u < P.nTiles) { w1 = mask[base + 1u]; }
        }
        let on = vec4<bool>(((w0 >> ti) & 1u) != 0u, ((w0 >> (ti + 16u)) & 1u) != 0u, ((w1 >> ti) & 1u) != 0u, ((w1 >> (ti + 16u)) & 1u) != 0u);
        fs = fs + a * select(vec4<f32>(0.0), pre, on);
        continue;
      }
      fs = fs + a * max(pre, vec4<f32>(0.0));
      var b0 = 0u;   // samples ti, ti + 16 (word 0)
      var b1 = 0u;   // samples ti + 32, ti + 48 (word 1)
      if (s < P.blockSize) {
        if (pre.x > 0.0 && i0 + ti < P.n) { b0 = b0 | (1u << ti); }
        if (pre.y > 0.0 && i0 + ti + 16u < P.n) { b0 = b0 | (1u << (ti + 16u)); }
        if (pre.z > 0.0 && i0 + ti + 32u < P.n) { b1 = b1 | (1u << ti); }
        if (pre.w > 0.0 && i0 + ti + 48u < P.n) { b1 = b1 | (1u << (ti + 16u)); }
      }
      if (b0 != 0u) { atomicOr(&bits[2u * sl], b0); }
      if (b1 != 0u) { atomicOr(&bits[2u * sl + 1u], b1); }
    }
    workgroupBarrier();
    if (t < 2u * T && P.sharpProduct == 0u) {
      let s = s0 + t / 2u;
      let word = wg.x * (T / MW) + t % 2u;
      if (s < P.blockSize && word < P.nTiles) { mask[(k * P.blockSize + s) * P.nTiles + word] = atomicLoad(&bits[t]); }
    }
  }
  red[t] = fs;
  workgroupBarrier();
  if (t < T && i0 + t < P.n) {
    let r = t / 16u;
    var sum = 0.0;
    for (var q = 0u; q < 16u; q = q + 1u) { sum = sum + red[(t % 16u) * 16u + q][r]; }
    partials[(k * P.numChunks + P.chunkBase + wg.y) * P.n + i0 + t] = sum;
  }
  if (penalize) { write_penalty(t, k, wg.y, pen); }
}
