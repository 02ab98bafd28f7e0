// NTK forward for one neuron block: pre-activations p_is = x_i · w_s as a tiled matrix product
// (32 samples × 32 neurons per tile, 32-deep slices of X and W in workgroup memory, a 4×4 block of
// outputs per thread), then Σ_s a_s relu(p_is) over the workgroup's chunk of neurons into one
// partial per sample. The n×m activations are never stored: only their sign bits (one u32 per
// neuron and 32 samples), which the backward pass needs. 64 threads with 16 outputs each keep
// the work between barriers large (barriers dominate on software adapters).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> W: array<f32>;      // this block: [k][s][j]
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> signs: array<f32>;  // a_s over all m neurons
@group(0) @binding(4) var<storage, read_write> mask: array<u32>;   // this block: [k][s][tile]
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;

const T: u32 = 32u;
const TP: u32 = 33u;         // padded row
const CHUNK: u32 = 256u;     // neurons per workgroup (per forward partial)
// Tiles packed as vec4 so the inner loop does 2 vector loads per 16 multiply-adds:
// xs4[jj*9 + ti] = x of samples (ti, ti+8, ti+16, ti+24) at feature jj; ws4 likewise for neurons.
// Rows of 9 vec4 (one of padding) spread the stores over memory banks.
var<workgroup> xs4: array<vec4<f32>, 288>;
var<workgroup> ws4: array<vec4<f32>, 288>;
var<workgroup> hs: array<f32, 1056>;
var<workgroup> bits: array<atomic<u32>, 32>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let i0 = wg.x * T;
  let k = wg.z;
  let sChunk = wg.y * CHUNK;
  let ts = t % 8u;   // neurons ts, ts+8, ts+16, ts+24 of the tile
  let ti = t / 8u;   // samples ti, ti+8, ti+16, ti+24 of the tile
  let lrow = t / T;  // loads: rows lrow + 2q, column lcol
  let lcol = t % T;
  var fsum = 0.0;
  for (var s0 = sChunk; s0 < min(sChunk + CHUNK, P.blockSize); s0 = s0 + T) {
    if (t < T) { atomicStore(&bits[t], 0u); }
    var a0 = vec4<f32>(0.0);
    var a1 = vec4<f32>(0.0);
    var a2 = vec4<f32>(0.0);
    var a3 = vec4<f32>(0.0);
    for (var j0 = 0u; j0 < P.d; j0 = j0 + T) {
      let j = j0 + lcol;
      for (var q = 0u; q < 16u; q = q + 1u) {
        let row = lrow + 2u * q;
        var xv = 0.0;
        if (i0 + row < P.n && j < P.d) { xv = X[(i0 + row) * P.d + j]; }
        xs4[lcol * 9u + row % 8u][row / 8u] = xv;
        var wv = 0.0;
        if (s0 + row < P.blockSize && j < P.d) { wv = W[(k * P.blockSize + s0 + row) * P.d + j]; }
        ws4[lcol * 9u + row % 8u][row / 8u] = wv;
      }
      workgroupBarrier();
      for (var jj = 0u; jj < T; jj = jj + 1u) {
        let w = ws4[jj * 9u + ts];
        let x = xs4[jj * 9u + ti];
        a0 = a0 + x.x * w;
        a1 = a1 + x.y * w;
        a2 = a2 + x.z * w;
        a3 = a3 + x.w * w;
      }
      workgroupBarrier();
    }
    for (var c = 0u; c < 4u; c = c + 1u) {
      let sl = ts + 8u * c;
      let s = s0 + sl;
      var a = 0.0;
      if (s < P.blockSize) { a = signs[P.blockStart + s]; }
      let pre = vec4<f32>(a0[c], a1[c], a2[c], a3[c]);   // samples ti + 8r
      var b = 0u;
      for (var r = 0u; r < 4u; r = r + 1u) {
        let li = ti + 8u * r;
        hs[li * TP + sl] = a * max(pre[r], 0.0);
        if (pre[r] > 0.0 && s < P.blockSize && i0 + li < P.n) { b = b | (1u << li); }
      }
      atomicOr(&bits[sl], b);
    }
    workgroupBarrier();
    if (t < T) {
      for (var q = 0u; q < T; q = q + 1u) { fsum = fsum + hs[t * TP + q]; }
      if (s0 + t < P.blockSize) { mask[(k * P.blockSize + s0 + t) * P.nTiles + wg.x] = atomicLoad(&bits[t]); }
    }
    workgroupBarrier();
  }
  if (t < T && i0 + t < P.n) {
    partials[(k * P.numChunks + P.chunkBase + wg.y) * P.n + i0 + t] = fsum;
  }
}
