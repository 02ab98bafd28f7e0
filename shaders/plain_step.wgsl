// The new weight of run k for the optimizers without a velocity: GD and SGD w − η g, and the adaptive
// stepsizes, whose g arrives as ∇L/L (stats.wgsl divides the coefficients by L): η/L steps w − η g,
// η/‖∇L‖ w − η g/S with S = ‖∇L/L‖ (ln S in the run's logScale, from finalize earlier in this step),
// the division formed in logs. L = 0 or S = 0 (ln = −∞), or NaN, leaves w, as the reference does. Shared by
// the kernels that update W (linear_update, ntk_backward, ntk_backward_t128); each declares P and state.

fn plain_step(k: u32, w: f32, g: f32) -> f32 {
  let eta = state.runs[k].eta;
  if (P.optKind == OPT_ADAPTIVE_LOSS) {
    // g is already ∇L/L (stats.wgsl scales the coefficients, and the ℓ2 term l2_grad below).
    if (state.runs[k].logLoss > -3.0e38) { return w - eta * g; }
    return w;
  }
  if (P.optKind == OPT_ADAPTIVE_GRAD_NORM) {
    let ls = state.runs[k].logScale;
    if (ls > -3.0e38 && g != 0.0) { return w - eta * sign(g) * exp(log(abs(g)) - ls); }
    return w;
  }
  return w - eta * g;
}

// The ℓ2 term's gradient entry λ·t (t = w − w0 at the gradient's point), divided by L for the adaptive
// stepsizes like the data's part (in logs: L may be far below fp32's range).
fn l2_grad(k: u32, t: f32) -> f32 {
  if (adaptive_step() && t != 0.0) { return sign(t) * exp(log(P.l2 * abs(t)) - state.runs[k].logLoss); }
  return P.l2 * t;
}
