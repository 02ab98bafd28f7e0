// Per-run output statistics of the fully connected network, one workgroup per run k: each sample's
// loss (in the log domain, reduced by log-sum-exp so tiny losses keep their digits), for one logit
// also ln of the exponential loss e^{−z} (the same reduction, so it neither under- nor overflows), the output
// adjoint G = ∂ℓ/∂f / n (written as δ_L), and the correct count. Losses: the margin losses of
// losses.wgsl on one logit (z = y f), softmaxCE and mse on C outputs (src/core/output-losses.ts).
// Unless probing (FD Hessian products), it writes the step's metrics and marks a run whose loss is
// non-finite or above divergeAbove as diverged (its later updates are skipped).

struct SP {
  n: u32,
  C: u32,
  lossKind: u32,   // LOSS_* of losses.wgsl: the margin losses below LOSS_SOFTMAX_CE, then softmaxCE and mse
  probe: u32,      // 1: only G (no metrics, no status)
  slot: u32,       // metric slot of this step
  fOff: u32,       // outputs: F[fOff + k*fBatch + i*C + c]
  fBatch: u32,
  lossA: f32,
  invN: f32,
  logDiverge: f32,
}

@group(0) @binding(0) var<uniform> P: SP;
@group(0) @binding(1) var<storage, read> F: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read> labels: array<u32>;
@group(0) @binding(4) var<storage, read_write> G: array<f32>;
@group(0) @binding(5) var<storage, read_write> runs: array<Run>;
@group(0) @binding(6) var<storage, read_write> metrics: array<Metrics>;

const WG: u32 = 64u;
// ln L of a run that is (or just became) diverged: WGSL cannot write a constant inf or NaN.
const DIVERGED: f32 = 3.0e38;
var<workgroup> sL: array<vec2<f32>, 64>;
var<workgroup> sE: array<vec2<f32>, 64>;   // log-sum-exp state of −z (one logit only)
var<workgroup> sC: array<vec2<f32>, 64>;   // (correct, non-finite flag)


@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let k = wg.x;
  let C = P.C;
  var l = vec2<f32>(0.0, 0.0);
  var e = vec2<f32>(0.0, 0.0);
  var correct = 0.0;
  var bad = 0.0;
  for (var i = t; i < P.n; i = i + WG) {
    let base = P.fOff + k * P.fBatch + i * C;
    var lnl = 0.0;
    var ok = false;
    if (P.lossKind < LOSS_SOFTMAX_CE) {
      let z = y[i] * F[base];
      lnl = loss_log(P.lossKind, P.lossA, z);
      G[base] = P.invN * y[i] * loss_d1(P.lossKind, P.lossA, z);
      ok = z > 0.0;
      e = lse_push(e, -z);
    } else {
      let lab = labels[i];
      var mx = F[base];
      var am = 0u;
      for (var c = 1u; c < C; c = c + 1u) {
        if (F[base + c] > mx) { mx = F[base + c]; am = c; }
      }
      ok = am == lab;
      if (P.lossKind == LOSS_SOFTMAX_CE) {
        var s = 0.0;
        for (var c = 0u; c < C; c = c + 1u) { s = s + exp(F[base + c] - mx); }
        let fy = F[base + lab];
        if (fy >= mx) {
          // ln log1p(Σ_{c≠y} e^{f_c − f_y}): tiny losses keep their digits.
          var o = 0.0;
          for (var c = 0u; c < C; c = c + 1u) { if (c != lab) { o = o + exp(F[base + c] - fy); } }
          lnl = log(log1p_f(o));
        } else {
          lnl = log(mx + log(s) - fy);
        }
        var others = 0.0;
        for (var c = 0u; c < C; c = c + 1u) {
          if (c == lab) { continue; }
          let p = exp(F[base + c] - mx) / s;
          others = others + p;
          G[base + c] = P.invN * p;
        }
        G[base + lab] = -P.invN * others;
      } else {
        var s = 0.0;
        for (var c = 0u; c < C; c = c + 1u) {
          let r = F[base + c] - select(0.0, 1.0, c == lab);
          s = s + r * r;
          G[base + c] = P.invN * r;
        }
        lnl = log(0.5 * s);
      }
    }
    // ln 0 = −inf is a zero loss term and is skipped; NaN or +inf is a non-finite loss.
    let bits = bitcast<u32>(lnl) & 0x7fffffffu;
    if (bits > 0x7f800000u || (bits == 0x7f800000u && lnl > 0.0)) { bad = 1.0; } else if (bits != 0x7f800000u) { l = lse_push(l, lnl); }
    if (ok) { correct = correct + 1.0; }
  }
  sL[t] = l;
  sE[t] = e;
  sC[t] = vec2<f32>(correct, bad);
  workgroupBarrier();
  if (t == 0u && P.probe == 0u) {
    var acc = sL[0];
    var accE = sE[0];
    var cc = sC[0];
    for (var q = 1u; q < WG; q = q + 1u) {
      acc = lse_merge(acc, sL[q]);
      accE = lse_merge(accE, sE[q]);
      cc = cc + sC[q];
    }
    // ln L = ln Σ ℓ_i − ln n.
    var lnL = acc.x + log(acc.y) - log(f32(P.n));
    if (acc.y == 0.0) { lnL = -3.4e38; }
    let idx = P.slot * arrayLength(&runs) + k;
    if (runs[k].status != 0u) {
      metrics[idx].logLoss = DIVERGED;
      metrics[idx].acc = 0.0;
      return;
    }
    if (cc.y > 0.0 || !(lnL <= P.logDiverge)) {
      runs[k].status = 1u;
      metrics[idx].logLoss = DIVERGED;
    } else {
      metrics[idx].logLoss = lnL;
    }
    metrics[idx].acc = cc.x;
    // ln mean e^{−z}; the host reads it for one logit only (multi-class losses have no margin z).
    metrics[idx].logExp = accE.x + log(accE.y) - log(f32(P.n));
  }
}
