// The storage structs that the host reads and writes, declared once and prepended to every kernel
// that binds them (shader-catalog.ts). The host takes their layout from wgsl_reflect
// (src/gpu/metrics-layout.ts): no offset of these is written by hand in TypeScript.

// One run k (one η): written by the host at init and on a resume, updated by the kernels.
struct Run {
  status: u32,      // 0 running, 1 diverged (its updates are skipped from then on)
  divergedAt: u32,  // the step its loss was found non-finite or above divergeAbove (linear, NTK)
  eta: f32,
  scale: f32,       // MLP: the probe point w + scale·v of the finite-difference Hessian products
  logLoss: f32,     // adaptive stepsizes: ln L(w_t) of this step (stats), by which the coefficients are divided
  logScale: f32,    // adaptive η/‖∇L‖: ln ‖∇L(w_t)/L(w_t)‖ of this step (finalize)
}

// The linear and NTK model's state buffer: the step header, then the runs.
struct State {
  slot: u32,        // metric slot of the current step
  step: u32,        // the current step
  sample: u32,      // SGD: the sample of the current step
  spare: u32,
  runs: array<Run>,
}

// What one step records for one run, in metric slot (slot · K + k) of the metrics buffer. Losses are
// logarithms (exponentiated in float64 on the host), accuracy a count, the margin its two parts.
struct Metrics {
  logLoss: f32,     // ln L
  logExp: f32,      // ln of the exponential loss mean e^{−z}
  gradNorm: f32,    // ‖∇L‖
  dist: f32,        // ‖w − w0‖
  acc: f32,         // correctly classified samples
  wnorm: f32,       // ‖w‖ (margin = minz / wnorm)
  sharp: f32,       // sharpness (linear, NTK: the power iteration's λ)
  minz: f32,        // min_i z_i
  distOpt: f32,     // ‖w − w*‖ (distToOpt; linear model: dist_opt.wgsl)
}
