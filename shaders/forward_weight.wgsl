// The weight a forward pass reads (linear_forward, ntk_forward, ntk_forward_t128; each declares P
// and W): W[i], or on Nesterov's look-ahead pass (P.lookAhead = 1) u = w + βv, with the velocity at
// W[P.velBase + i] (weight_step.wgsl says where it lives). Forming u here keeps one copy of the
// weights per run and needs no binding more than the plain forward.
fn forward_weight(i: u32) -> f32 {
  if (P.lookAhead != 0u) { return W[i] + P.beta * W[P.velBase + i]; }
  return W[i];
}
