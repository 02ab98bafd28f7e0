// Sharpness, step 1 of a power iteration (NTK network, one neuron block): the Jacobian-vector product
// u_i = (1/√m) Σ_s a_s 1[p_is > 0] x_i · v_s, the forward pass's tiled product with V in place of W
// and the ReLU pattern of W taken from the sign bits the forward pass stored. Partials per chunk.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> V: array<f32>;      // this block: [k][s][j]
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> signs: array<f32>;  // a_s over all m neurons
@group(0) @binding(4) var<storage, read> mask: array<u32>;   // this block: [k][s][tile]
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;

const T: u32 = 32u;
const TP: u32 = 33u;         // padded row
const CHUNK: u32 = 256u;     // neurons per workgroup (per forward partial)
var<workgroup> xs: array<f32, 1056>;
var<workgroup> ws: array<f32, 1056>;
var<workgroup> hs: array<f32, 1056>;

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
        xs[row * TP + lcol] = xv;
        var wv = 0.0;
        if (s0 + row < P.blockSize && j < P.d) { wv = V[(k * P.blockSize + s0 + row) * P.d + j]; }
        ws[row * TP + lcol] = wv;
      }
      workgroupBarrier();
      for (var jj = 0u; jj < T; jj = jj + 1u) {
        let w = vec4<f32>(ws[ts * TP + jj], ws[(ts + 8u) * TP + jj], ws[(ts + 16u) * TP + jj], ws[(ts + 24u) * TP + jj]);
        a0 = a0 + xs[ti * TP + jj] * w;
        a1 = a1 + xs[(ti + 8u) * TP + jj] * w;
        a2 = a2 + xs[(ti + 16u) * TP + jj] * w;
        a3 = a3 + xs[(ti + 24u) * TP + jj] * w;
      }
      workgroupBarrier();
    }
    for (var c = 0u; c < 4u; c = c + 1u) {
      let sl = ts + 8u * c;
      let s = s0 + sl;
      var a = 0.0;
      if (s < P.blockSize) { a = signs[P.blockStart + s]; }
      let jv = vec4<f32>(a0[c], a1[c], a2[c], a3[c]);   // samples ti + 8r
      var word = 0u;
      if (s < P.blockSize) { word = mask[(k * P.blockSize + s) * P.nTiles + wg.x]; }
      for (var r = 0u; r < 4u; r = r + 1u) {
        let li = ti + 8u * r;
        hs[li * TP + sl] = a * jv[r] * f32((word >> li) & 1u);
      }
    }
    workgroupBarrier();
    if (t < T) {
      for (var q = 0u; q < T; q = q + 1u) { fsum = fsum + hs[t * TP + q]; }
    }
    workgroupBarrier();
  }
  if (t < T && i0 + t < P.n) {
    partials[(k * P.numChunks + P.chunkBase + wg.y) * P.n + i0 + t] = fsum;
  }
}
