// The new weight of run k for the optimizers without a velocity: GD and SGD w − η g, and the adaptive
// stepsizes w − η g/S with ln S in the run's logScale (stats: ln L; finalize: ln ‖∇L‖; both earlier in
// this step). η·(g/S) is formed in logs, so S = L far below fp32's range (ln S = −80) neither
// overflows 1/S nor loses g/S; S = 0 (ln S = −∞) or NaN leaves w, as the reference does. Shared by
// the kernels that update W (linear_update, ntk_backward, ntk_backward_t128); each declares P and state.

fn plain_step(k: u32, w: f32, g: f32) -> f32 {
  let eta = state.runs[k].eta;
  if (P.optKind == OPT_ADAPTIVE_LOSS || P.optKind == OPT_ADAPTIVE_GRAD_NORM) {
    let ls = state.runs[k].logScale;
    if (ls > -3.0e38 && g != 0.0) { return w - eta * sign(g) * exp(log(abs(g)) - ls); }
    return w;
  }
  return w - eta * g;
}
