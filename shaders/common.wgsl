// Shared by every kernel (prepended as text: WGSL has no #include).
// Params is one uniform struct for all kernels; each kernel reads the fields it needs. The host
// writes it at the offsets wgsl_reflect reports, so this struct is the single source of truth.

struct Params {
  n: u32,            // samples
  d: u32,            // features
  K: u32,            // stepsizes (runs)
  m: u32,            // NTK width (1 for linear)
  blockStart: u32,   // first neuron of this block
  blockSize: u32,    // neurons in this block (d-vector rows held by W)
  chunkBase: u32,    // first forward-partial chunk of this block
  numChunks: u32,    // forward-partial chunks over all blocks (linear: feature chunks)
  normBase: u32,     // first norm partial of this block
  numNorm: u32,      // norm partials per run over all blocks
  lossKind: u32,     // LOSS_* of losses.wgsl (logistic, exponential, flatExp, flatPoly)
  sgd: u32,          // 1: this backward uses the single SGD sample
  doUpdate: u32,     // 1: this backward writes W
  orderSeed: u32,    // SGD order seed
  nTiles: u32,       // ceil(n / 32): words of activation sign bits per neuron
  lossA: f32,        // parameter a of the flattened losses
  invSqrtM: f32,     // 1/sqrt(m) (1 for linear)
  invN: f32,         // 1/n
  logDiverge: f32,   // ln(divergeAbove)
  cScale: f32,       // multiplies the stored coefficients (n for the SGD sample gradient)
  featChunk: u32,    // linear forward: features per chunk of the forward partials
  gradChunk: u32,    // linear backward: samples per chunk of the partial gradients
  gradChunks: u32,   // linear backward: chunks (the partial gradients are K × gradChunks × d)
  sharpProduct: u32, // 1: the NTK kernels compute the power iteration's products (sharpness): ntk_forward
                     // J v (W bound to V), ntk_backward Jᵀ h into HV (W bound to HV, W0 to V)
  l2: f32,           // λ of the ℓ2 term λ/2·‖w − w0‖² (0: none)
  optKind: u32,      // OPT_* below: what the updating kernels do with the gradient (weight_step.wgsl)
  beta: f32,         // momentum β (heavy-ball, Nesterov)
  coefOnly: u32,     // 1: stats writes only the coefficients c_i (Nesterov's look-ahead point), no metrics
  velBase: u32,      // momentum: where the velocities start in the bound weights' buffer (K × blockSize × d)
  lookAhead: u32,    // 1: the forward reads Nesterov's look-ahead point u = w + βv (forward_weight.wgsl)
}

// The optimizers' codes (Params.optKind; src/gpu/params.ts reads them from here). GD and SGD are
// OPT_GD; the adaptive stepsizes step along ∇L/L, which the backwards sum from coefficients stats
// divided by L (the run's logLoss), and η/‖∇L‖ divides that by its norm (logScale, from finalize);
// the momentum methods keep the velocity v = w_t − w_{t−1} beside the weights, and Nesterov's
// gradient is taken at the look-ahead point u = w + βv (weight_step.wgsl).
const OPT_GD: u32 = 0u;
const OPT_ADAPTIVE_LOSS: u32 = 1u;
const OPT_ADAPTIVE_GRAD_NORM: u32 = 2u;
const OPT_HEAVY_BALL: u32 = 3u;
const OPT_NESTEROV: u32 = 4u;

// Both adaptive stepsizes: the step's gradient is summed as ∇L/L (stats.wgsl scales the coefficients).
fn adaptive_step() -> bool {
  return P.optKind == OPT_ADAPTIVE_LOSS || P.optKind == OPT_ADAPTIVE_GRAD_NORM;
}

// NaN and ±inf fail this; written with bits because `x != x` may be folded away by a compiler.
fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}
