// Per-run sample statistics, one workgroup per run k: f_i from the forward partials, z_i = y_i f_i,
// the gradient coefficients c_i = y_i ℓ'(z_i)/n, and the reductions every metric needs: ln L and
// ln F by log-sum-exp (so losses of 1e-30 and below keep their digits in fp32), accuracy, min z.
// It also decides divergence: a run whose loss is non-finite or above divergeAbove stops here.
// With the ℓ2 term, λ/2·‖w − w0‖² (from the linear forward's chunk sums) joins the loss. For the
// adaptive stepsizes the run's logLoss takes ln L and a second pass over the samples rewrites c_i as
// c_i/L (shifted inside the exponentials, loss_d1_scaled): every backward of the step then sums ∇L/L,
// which stays in fp32's range where ℓ'(z) alone underflows (L below 1e-38) and ‖∇L‖² would (‖∇L‖
// below 1e-19); finalize multiplies ‖∇L/L‖ back by L. With coefOnly
// (Nesterov's look-ahead point u) only the c_i are written: the step's loss, z and metrics are w's.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> state: State;
@group(0) @binding(2) var<storage, read> partials: array<f32>;
@group(0) @binding(3) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> coef: array<f32>;
@group(0) @binding(5) var<storage, read_write> zbuf: array<f32>;
@group(0) @binding(6) var<storage, read_write> metrics: array<Metrics>;

// Why a two-level merge: on a GPU each run's reduction is one workgroup's serial chain (K = 1 has a
// single workgroup in the whole grid); 8 threads each merging 8 partials, then thread 0 merging those
// 8, replace a 64-term serial merge (each term an exp) for one more barrier. Why only 64 threads:
// on software adapters a workgroup's cost grows steeply with its size once it has a barrier
// (256 threads made this kernel ~10× slower on SwiftShader).
const WG: u32 = 64u;
const MG: u32 = 8u; // partials per merge group (MG × MG = WG)
var<workgroup> sLse: array<vec4<f32>, 64>;   // (max, sum) of ln ℓ and of −z
var<workgroup> sOther: array<vec3<f32>, 64>; // (correct count, min z, non-finite flag)
var<workgroup> sLogL: f32;

fn merge_range(first: u32, stride: u32) {
  var L1 = vec2<f32>(0.0, 0.0);
  var L2 = vec2<f32>(0.0, 0.0);
  var o = vec3<f32>(0.0, 3.0e38, 0.0);
  for (var q = 0u; q < MG; q = q + 1u) {
    let p = first + q * stride;
    L1 = lse_merge(L1, sLse[p].xy);
    L2 = lse_merge(L2, sLse[p].zw);
    o = vec3<f32>(o.x + sOther[p].x, min(o.y, sOther[p].y), max(o.z, sOther[p].z));
  }
  sLse[first] = vec4<f32>(L1, L2);
  sOther[first] = o;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let k = wg.x;
  var l1 = vec2<f32>(0.0, 0.0);
  var l2 = vec2<f32>(0.0, 0.0);
  var acc = 0.0;
  var mn = 3.0e38;
  var bad = 0u;
  for (var i = t; i < P.n; i = i + WG) {
    var f = 0.0;
    for (var c = 0u; c < P.numChunks; c = c + 1u) {
      f = f + partials[(k * P.numChunks + c) * P.n + i];
    }
    f = f * P.invSqrtM;
    let z = y[i] * f;
    if (P.coefOnly == 0u) { zbuf[k * P.n + i] = z; }
    coef[k * P.n + i] = y[i] * loss_d1(P.lossKind, P.lossA, z) * P.invN;
    if (!is_finite(z)) { bad = 1u; }
    l1 = lse_push(l1, loss_log(P.lossKind, P.lossA, z));
    l2 = lse_push(l2, -z);
    if (z > 0.0) { acc = acc + 1.0; }
    mn = min(mn, z);
  }
  if (P.coefOnly != 0u) { return; }
  sLse[t] = vec4<f32>(l1, l2);
  sOther[t] = vec3<f32>(acc, mn, f32(bad));
  workgroupBarrier();
  // Thread t < 8 merges partials 8t .. 8t+7 into slot 8t; then thread 0 merges those 8.
  if (t < MG) { merge_range(t * MG, 1u); }
  workgroupBarrier();
  if (t == 0u) {
    merge_range(0u, MG);
    var L1 = sLse[0].xy;
    let L2 = sLse[0].zw;
    let o = sOther[0];
    let logN = log(f32(P.n));
    if (P.l2 > 0.0) {
      var q = 0.0;
      let at = P.K * P.numChunks * P.n + k * P.numChunks;
      for (var c = 0u; c < P.numChunks; c = c + 1u) { q = q + partials[at + c]; }
      // L = (Σ ℓ + n·pen)/n: the penalty is one more term of the log-sum-exp.
      let pen = 0.5 * P.l2 * q;
      if (pen > 0.0) { L1 = lse_push(L1, log(pen) + logN); }
    }
    let logLoss = L1.x + log(L1.y) - logN;
    if (adaptive_step()) { state.runs[k].logLoss = logLoss; }
    sLogL = logLoss;
    let logExp = L2.x + log(L2.y) - logN;
    let base = state.slot * P.K + k;
    metrics[base].logLoss = logLoss;
    metrics[base].logExp = logExp;
    metrics[base].acc = o.x; // a count: the host divides by n in float64, exactly
    metrics[base].minz = o.y;
    if (state.runs[k].status == 0u && (o.z != 0.0 || !is_finite(logLoss) || logLoss > P.logDiverge)) {
      state.runs[k].status = 1u;
      state.runs[k].divergedAt = state.step;
    }
  }
  workgroupBarrier();
  if (adaptive_step()) {
    let shift = sLogL;
    for (var i = t; i < P.n; i = i + WG) {
      coef[k * P.n + i] = y[i] * loss_d1_scaled(P.lossKind, P.lossA, zbuf[k * P.n + i], shift) * P.invN;
    }
  }
}
