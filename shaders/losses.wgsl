// The four losses of SCIENCE.md in fp32: ln ℓ(z), ℓ'(z), ℓ''(z). Twin of src/core/losses.ts.
// The loss is reduced in the log domain (see stats.wgsl), so only ln ℓ is needed, never ℓ itself:
// that keeps losses far below the fp32 range (1e-30 and smaller) accurate.

// The loss codes (Params.lossKind, mlp_stats' SP.lossKind): the one table, which the host reads from
// here (src/gpu/loss-codes.ts: LOSS_FLAT_EXP is the config's loss kind 'flatExp', and so on).
const LOSS_LOGISTIC: u32 = 0u;
const LOSS_EXPONENTIAL: u32 = 1u;
const LOSS_FLAT_EXP: u32 = 2u;
const LOSS_FLAT_POLY: u32 = 3u;   // the margin losses' default case below
const LOSS_SOFTMAX_CE: u32 = 4u;  // multi-class (mlp_stats.wgsl)
const LOSS_MSE: u32 = 5u;         // multi-class (mlp_stats.wgsl)

// log(1 + x) for x > -0.5, accurate to a few ULP relative. WGSL has no log1p, and its log is only
// promised to 2^-21 ABSOLUTE error near 1, so log(1 + x) (even with Goldberg's correction) loses up to
// 2^-21/x relative: 2e-4 at x = 1e-4, as SwiftShader showed. Instead: log1p(x) = 2 atanh(s) with
// s = x/(2+x), |s| <= 1/3 for x <= 1, summed as an odd series (s^2 <= 1/9: 9 terms reach 1e-9);
// for x > 1, 1 + x > 2 is outside log's absolute-error window and log is accurate to 3 ULP.
fn log1p_f(x: f32) -> f32 {
  if (x > 1.0) { return log(1.0 + x); }
  let s = x / (2.0 + x);
  let s2 = s * s;
  var p = 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  p = p * s2 + 1.0;
  return 2.0 * s * p;
}

fn loss_log(kind: u32, a: f32, z: f32) -> f32 {
  switch kind {
    case LOSS_LOGISTIC: {
      if (z < 0.0) { return log(-z + log1p_f(exp(z))); }
      let e = exp(-z);
      // ln(ln(1+e)) = -z + ln(1 - e/2 + ...): the second form never underflows.
      if (e > 1e-4) { return log(log1p_f(e)); }
      return -z - 0.5 * e;
    }
    case LOSS_EXPONENTIAL: { return -z; }
    case LOSS_FLAT_EXP: {
      if (z >= 0.0) { return -a * z; }
      return log1p_f(-a * z);
    }
    default: {
      if (z >= 0.0) { return -a * log1p_f(z); }
      return log1p_f(-a * z);
    }
  }
}

fn loss_d1(kind: u32, a: f32, z: f32) -> f32 {
  return loss_d1_scaled(kind, a, z, 0.0);
}

// ℓ'(z)·e^{−shift}, the shift taken inside the exponentials: with shift = ln L (adaptive η/L, stats.wgsl)
// ℓ'(z)/L stays in fp32's range when ℓ'(z) and L are both far below it (margins past 87).
fn loss_d1_scaled(kind: u32, a: f32, z: f32, shift: f32) -> f32 {
  switch kind {
    case LOSS_LOGISTIC: {
      if (z >= 0.0) { let e = exp(-z); return -exp(-z - shift) / (1.0 + e); }
      return -exp(-shift) / (1.0 + exp(z));
    }
    case LOSS_EXPONENTIAL: { return -exp(-z - shift); }
    case LOSS_FLAT_EXP: {
      if (z >= 0.0) { return -a * exp(-a * z - shift); }
      return -a * exp(-shift);
    }
    default: {
      if (z >= 0.0) { return -a * exp((-a - 1.0) * log1p_f(z) - shift); }
      return -a * exp(-shift);
    }
  }
}

fn loss_d2(kind: u32, a: f32, z: f32) -> f32 {
  switch kind {
    case LOSS_LOGISTIC: {
      let e = exp(-abs(z));
      return e / ((1.0 + e) * (1.0 + e));
    }
    case LOSS_EXPONENTIAL: { return exp(-z); }
    case LOSS_FLAT_EXP: {
      if (z >= 0.0) { return a * a * exp(-a * z); }
      return 0.0;
    }
    default: {
      if (z >= 0.0) { return a * (a + 1.0) * exp((-a - 2.0) * log1p_f(z)); }
      return 0.0;
    }
  }
}
