// The linear model's GD steps fused into one dispatch (opt-in: GpuEngineOptions.linearFused;
// src/gpu/fused-encoder.ts). One workgroup of 256 threads per run k, looping over the
// fusedSteps[0] steps of a segment inside the kernel: the runs are independent, so no grid-wide
// sync is needed, and a chunk of steps is one dispatch instead of 4 or 5 per step. Why: at
// mnist08 size (n = 1000, d = 784) a step is ~2.5 MFLOP per run and the default path's time is the
// per-dispatch fixed cost (≈ 310 µs a step on an H100, flat in K; BENCHMARKS.md).
//
// Per step, with workgroupBarrier between the phases (exactly what the default path computes):
//   margins  z_i = y_i x_i·w (threads split samples; Xᵀ so a warp reads consecutive words),
//            c_i = y_i ℓ'(z_i)/n, ln L and ln F by log-sum-exp, accuracy count, min z, divergence
//            (as stats.wgsl, with the snippets of losses.wgsl and lse.wgsl);
//   gradient g_j = Σ_i c_i x_ij (threads split features; X row-major, consecutive words),
//            the norm partials of g, w − w0 and w (before the update), then w −= η g if running
//            (as linear_update.wgsl), and ‖∇L‖, ‖w − w0‖, ‖w‖ into the step's slot (as finalize.wgsl).
// w and c live in workgroup memory (FD and FN floats: problems with d > FD or n > FN take the default
// path). The step header (slot, step) is read once; linear_fused_bump advances it after the dispatch.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> state: State;
@group(0) @binding(2) var<storage, read_write> W: array<f32>;
@group(0) @binding(3) var<storage, read> W0: array<f32>;
@group(0) @binding(4) var<storage, read> X: array<f32>;
@group(0) @binding(5) var<storage, read> XT: array<f32>;
@group(0) @binding(6) var<storage, read> y: array<f32>;
@group(0) @binding(7) var<storage, read_write> metrics: array<Metrics>;
@group(0) @binding(8) var<storage, read> fusedSteps: array<u32>;

const WG: u32 = 256u;
const MG: u32 = 16u; // partials per merge group (MG × MG = WG)
const FD: u32 = 896u;  // most features (w in workgroup memory)
const FN: u32 = 1024u; // most samples (c in workgroup memory)
// 3.5 + 4 + 4 + 4 KiB: under WebGPU's default 16 KiB of workgroup memory.
var<workgroup> wS: array<f32, FD>;
var<workgroup> cS: array<f32, FN>;
var<workgroup> sA: array<vec4<f32>, 256>; // (max, sum) of ln ℓ and of −z; then the norm partials
var<workgroup> sB: array<vec4<f32>, 256>; // (correct count, min z, non-finite flag, −)
var<workgroup> runStatus: u32;

fn merge_stats(first: u32, stride: u32) {
  var L1 = vec2<f32>(0.0, 0.0);
  var L2 = vec2<f32>(0.0, 0.0);
  var o = vec3<f32>(0.0, 3.0e38, 0.0);
  for (var q = 0u; q < MG; q = q + 1u) {
    let p = first + q * stride;
    L1 = lse_merge(L1, sA[p].xy);
    L2 = lse_merge(L2, sA[p].zw);
    o = vec3<f32>(o.x + sB[p].x, min(o.y, sB[p].y), max(o.z, sB[p].z));
  }
  sA[first] = vec4<f32>(L1, L2);
  sB[first] = vec4<f32>(o, 0.0);
}

fn merge_norms(first: u32, stride: u32) {
  var v = vec4<f32>(0.0);
  for (var q = 0u; q < MG; q = q + 1u) { v = v + sA[first + q * stride]; }
  sA[first] = v;
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let k = wg.x;
  let n = P.n;
  let d = P.d;
  let eta = state.runs[k].eta;
  let slot0 = state.slot;
  let step0 = state.step;
  let steps = fusedSteps[0];
  let logN = log(f32(n));
  for (var j = t; j < d; j = j + WG) { wS[j] = W[k * d + j]; }
  if (t == 0u) { runStatus = state.runs[k].status; }
  workgroupBarrier();
  for (var s = 0u; s < steps; s = s + 1u) {
    let base = (slot0 + s) * P.K + k;
    // ---- margins, coefficients and the loss reductions (stats.wgsl) ----
    var l1 = vec2<f32>(0.0, 0.0);
    var l2 = vec2<f32>(0.0, 0.0);
    var acc = 0.0;
    var mn = 3.0e38;
    var bad = 0u;
    for (var i = t; i < n; i = i + WG) {
      var f = 0.0;
      for (var j = 0u; j < d; j = j + 1u) { f = f + XT[j * n + i] * wS[j]; }
      let z = y[i] * f;
      cS[i] = y[i] * loss_d1(P.lossKind, P.lossA, z) * P.invN;
      if (!is_finite(z)) { bad = 1u; }
      l1 = lse_push(l1, loss_log(P.lossKind, P.lossA, z));
      l2 = lse_push(l2, -z);
      if (z > 0.0) { acc = acc + 1.0; }
      mn = min(mn, z);
    }
    sA[t] = vec4<f32>(l1, l2);
    sB[t] = vec4<f32>(acc, mn, f32(bad), 0.0);
    workgroupBarrier();
    if (t < MG) { merge_stats(t * MG, 1u); }
    workgroupBarrier();
    if (t == 0u) {
      merge_stats(0u, MG);
      let L1 = sA[0].xy;
      let L2 = sA[0].zw;
      let o = sB[0].xyz;
      let logLoss = L1.x + log(L1.y) - logN;
      metrics[base].logLoss = logLoss;
      metrics[base].logExp = L2.x + log(L2.y) - logN;
      metrics[base].acc = o.x;
      metrics[base].minz = o.y;
      if (runStatus == 0u && (o.z != 0.0 || !is_finite(logLoss) || logLoss > P.logDiverge)) {
        runStatus = 1u;
        state.runs[k].status = 1u;
        state.runs[k].divergedAt = step0 + s;
      }
    }
    workgroupBarrier();
    // ---- gradient, norms, update (linear_update.wgsl) ----
    let running = runStatus == 0u;
    var nrm = vec3<f32>(0.0);
    for (var j = t; j < d; j = j + WG) {
      var g = 0.0;
      for (var i = 0u; i < n; i = i + 1u) { g = g + cS[i] * X[i * d + j]; }
      let w = wS[j];
      let dw = w - W0[j];
      nrm = nrm + vec3<f32>(g * g, dw * dw, w * w);
      if (running) { wS[j] = w - eta * g; }
    }
    sA[t] = vec4<f32>(nrm, 0.0);
    workgroupBarrier();
    if (t < MG) { merge_norms(t * MG, 1u); }
    workgroupBarrier();
    // ---- the norms into the slot (finalize.wgsl) ----
    if (t == 0u) {
      merge_norms(0u, MG);
      let tot = sA[0];
      metrics[base].gradNorm = sqrt(tot.x);
      metrics[base].dist = sqrt(tot.y);
      metrics[base].wnorm = sqrt(tot.z);
    }
    // sA is rewritten by the next step, and every thread reads all of the new w.
    workgroupBarrier();
  }
  for (var j = t; j < d; j = j + WG) { W[k * d + j] = wS[j]; }
}
