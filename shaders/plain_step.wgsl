// The new weight of run k for the optimizers without a velocity: GD and SGD w − η g, and the adaptive
// stepsizes w − η g/S with ln S in the run's logScale (stats: ln L; finalize: ln ‖∇L‖; both earlier in
// this step). For η/L, g arrives already divided by L (stats.wgsl); for η/‖∇L‖ the division is formed
// in logs, so a tiny ‖∇L‖ neither overflows 1/S nor loses g/S. S = 0 (ln S = −∞) or NaN leaves w, as
// the reference does. Shared by
// the kernels that update W (linear_update, ntk_backward, ntk_backward_t128); each declares P and state.

fn plain_step(k: u32, w: f32, g: f32) -> f32 {
  let eta = state.runs[k].eta;
  if (P.optKind == OPT_ADAPTIVE_LOSS) {
    // g is already ∇L/L (stats.wgsl scales the coefficients, and the ℓ2 term l2_grad below).
    if (state.runs[k].logScale > -3.0e38) { return w - eta * g; }
    return w;
  }
  if (P.optKind == OPT_ADAPTIVE_GRAD_NORM) {
    let ls = state.runs[k].logScale;
    if (ls > -3.0e38 && g != 0.0) { return w - eta * sign(g) * exp(log(abs(g)) - ls); }
    return w;
  }
  return w - eta * g;
}

// The ℓ2 term's gradient entry λ·t (t = w − w0 at the gradient's point), divided by L for adaptive η/L
// like the data's part (in logs: L may be far below fp32's range).
fn l2_grad(k: u32, t: f32) -> f32 {
  if (P.optKind == OPT_ADAPTIVE_LOSS && t != 0.0) { return sign(t) * exp(log(P.l2 * abs(t)) - state.runs[k].logScale); }
  return P.l2 * t;
}
