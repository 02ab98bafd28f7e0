// The four losses of SCIENCE.md in fp32: ln ℓ(z), ℓ'(z), ℓ''(z). Twin of src/core/losses.ts.
// The loss is reduced in the log domain (see stats.wgsl), so only ln ℓ is needed, never ℓ itself:
// that keeps losses far below the fp32 range (1e-30 and smaller) accurate.

// log(1 + x) without cancellation for small x (Goldberg's trick; WGSL has no log1p).
fn log1p_f(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * x / (u - 1.0);
}

fn loss_log(kind: u32, a: f32, z: f32) -> f32 {
  switch kind {
    case 0u: {
      if (z < 0.0) { return log(-z + log1p_f(exp(z))); }
      let e = exp(-z);
      // ln(ln(1+e)) = -z + ln(1 - e/2 + ...): the second form never underflows.
      if (e > 1e-4) { return log(log1p_f(e)); }
      return -z - 0.5 * e;
    }
    case 1u: { return -z; }
    case 2u: {
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
  switch kind {
    case 0u: {
      if (z >= 0.0) { let e = exp(-z); return -e / (1.0 + e); }
      return -1.0 / (1.0 + exp(z));
    }
    case 1u: { return -exp(-z); }
    case 2u: {
      if (z >= 0.0) { return -a * exp(-a * z); }
      return -a;
    }
    default: {
      if (z >= 0.0) { return -a * exp((-a - 1.0) * log1p_f(z)); }
      return -a;
    }
  }
}

fn loss_d2(kind: u32, a: f32, z: f32) -> f32 {
  switch kind {
    case 0u: {
      let e = exp(-abs(z));
      return e / ((1.0 + e) * (1.0 + e));
    }
    case 1u: { return exp(-z); }
    case 2u: {
      if (z >= 0.0) { return a * a * exp(-a * z); }
      return 0.0;
    }
    default: {
      if (z >= 0.0) { return a * (a + 1.0) * exp((-a - 2.0) * log1p_f(z)); }
      return 0.0;
    }
  }
}
