// Batched tiled matrix product for the fully connected network: for every run k (workgroup z),
// C_k (M×N) (+)= op(A_k) · op(B_k) (+ a bias row), op = identity or transpose, as the layers need:
//   forward   Z_l   = A_{l−1} W_lᵀ + b_l     (A: n×din, B = W_l: dout×din, transB)
//   gradient  ∇W_l  = δ_lᵀ A_{l−1}           (A = δ_l: n×dout, transA; B: n×din)
//   backward  u_l   = δ_l W_l                (A: n×dout, B = W_l: dout×din)
// The tiling is the NTK kernels' (ntk_forward.wgsl): 32×32 output tiles, 32-deep slices of both
// operands in workgroup memory, 64 threads with a 4×4 block of outputs each (rows ti + 8r, columns
// tj + 8c), so the work between barriers stays large on software adapters. Batch strides are in
// elements; a stride of 0 shares one operand between runs (the data X).

struct MM {
  M: u32,
  N: u32,
  Kd: u32,
  transA: u32,
  transB: u32,
  aOff: u32,
  aBatch: u32,
  bOff: u32,
  bBatch: u32,
  cOff: u32,
  cBatch: u32,
  biasOff: u32,     // offset of the bias row in B (per run + bBatch), when hasBias
  hasBias: u32,
  accumulate: u32,  // 1: C += product
  colTiles: u32,    // 32-wide column tiles per workgroup (software adapters pay per workgroup)
}

@group(0) @binding(0) var<uniform> P: MM;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;

const T: u32 = 32u;
const TP: u32 = 33u;   // padded rows
var<workgroup> as_: array<f32, 1056>;   // as_[kk * TP + m]
var<workgroup> bs_: array<f32, 1056>;   // bs_[kk * TP + n]

fn a_at(k: u32, m: u32, kk: u32) -> f32 {
  if (m >= P.M || kk >= P.Kd) { return 0.0; }
  let base = P.aOff + k * P.aBatch;
  if (P.transA == 1u) { return A[base + kk * P.M + m]; }
  return A[base + m * P.Kd + kk];
}

fn b_at(k: u32, kk: u32, n: u32) -> f32 {
  if (n >= P.N || kk >= P.Kd) { return 0.0; }
  let base = P.bOff + k * P.bBatch;
  if (P.transB == 1u) { return B[base + n * P.Kd + kk]; }
  return B[base + kk * P.N + n];
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let k = wg.z;
  let m0 = wg.y * T;
  let ti = t / 8u;
  let tj = t % 8u;
  for (var jt = 0u; jt < P.colTiles; jt = jt + 1u) {
    let n0 = (wg.x * P.colTiles + jt) * T;
    if (n0 >= P.N) { break; }
    var acc: array<vec4<f32>, 4>;   // acc[r][c]: row ti + 8r, column tj + 8c
    for (var r = 0u; r < 4u; r = r + 1u) { acc[r] = vec4<f32>(0.0); }
    for (var k0 = 0u; k0 < P.Kd; k0 = k0 + T) {
      // 64 threads load 32×32 of each operand: thread t loads 16 entries of each.
      for (var q = 0u; q < 16u; q = q + 1u) {
        let e = q * 64u + t;
        let r = e / T;
        let c = e % T;
        // Loads walk along the operand's contiguous index where the layout allows.
        if (P.transA == 1u) { as_[r * TP + c] = a_at(k, m0 + c, k0 + r); } else { as_[c * TP + r] = a_at(k, m0 + r, k0 + c); }
        if (P.transB == 1u) { bs_[c * TP + r] = b_at(k, k0 + c, n0 + r); } else { bs_[r * TP + c] = b_at(k, k0 + r, n0 + c); }
      }
      workgroupBarrier();
      for (var kk = 0u; kk < T; kk = kk + 1u) {
        let a = vec4<f32>(as_[kk * TP + ti], as_[kk * TP + ti + 8u], as_[kk * TP + ti + 16u], as_[kk * TP + ti + 24u]);
        let b = vec4<f32>(bs_[kk * TP + tj], bs_[kk * TP + tj + 8u], bs_[kk * TP + tj + 16u], bs_[kk * TP + tj + 24u]);
        acc[0] = acc[0] + a.x * b;
        acc[1] = acc[1] + a.y * b;
        acc[2] = acc[2] + a.z * b;
        acc[3] = acc[3] + a.w * b;
      }
      workgroupBarrier();
    }
    for (var r = 0u; r < 4u; r = r + 1u) {
      let m = m0 + ti + 8u * r;
      if (m >= P.M) { continue; }
      for (var c = 0u; c < 4u; c = c + 1u) {
        let n = n0 + tj + 8u * c;
        if (n >= P.N) { continue; }
        var v = acc[r][c];
        if (P.hasBias == 1u) { v = v + B[P.biasOff + k * P.bBatch + n]; }
        let idx = P.cOff + k * P.cBatch + m * P.N + n;
        if (P.accumulate == 1u) { v = v + C[idx]; }
        C[idx] = v;
      }
    }
  }
}
