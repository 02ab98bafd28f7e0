// How a weight moves, shared by the kernels that update W (linear_update, ntk_backward,
// ntk_backward_t128; each declares P, state and W read_write), so every model takes the same step:
//
// - GD and SGD: w − η g.
// - The adaptive stepsizes, whose g arrives as ∇L/L (stats.wgsl divides the coefficients by L):
//   η/L steps w − η g; η/‖∇L‖ steps w − η g/S with S = ‖∇L/L‖ (ln S in the run's logScale, from
//   finalize earlier in this step), the division formed in logs. L = 0 or S = 0 (ln = −∞), or NaN,
//   leaves w, as the reference does.
// - Heavy-ball and Nesterov: v ← βv − η g, w ← w + v. The velocity v = w_t − w_{t−1} of the weight at
//   W[idx] is W[P.velBase + idx]: the weights' buffer holds the K velocity vectors after the K weight
//   vectors (resources.ts), so no kernel needs a storage binding more (the NTK backward has none to
//   spare under WebGPU's 8). Nesterov's gradient is taken at u = w + βv, formed where it is read
//   (forward_weight.wgsl, and gradient_point below for the ℓ2 term), never stored.

// The point run k's gradient at idx was taken at: w, or on Nesterov's update Nesterov's u = w + βv.
fn gradient_point(idx: u32, w: f32) -> f32 {
  if (P.optKind == OPT_NESTEROV && P.doUpdate != 0u) { return w + P.beta * W[P.velBase + idx]; }
  return w;
}

// W[idx] (holding w, of run k) takes the optimizer's step along the gradient entry g.
fn step_weight(k: u32, idx: u32, w: f32, g: f32) {
  if (P.optKind == OPT_HEAVY_BALL || P.optKind == OPT_NESTEROV) {
    let vAt = P.velBase + idx;
    let v = P.beta * W[vAt] - state.runs[k].eta * g;
    W[idx] = w + v;
    W[vAt] = v;
    return;
  }
  W[idx] = plain_step(k, w, g);
}

// The new weight for the optimizers without a velocity (GD, SGD, the adaptive stepsizes).
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
