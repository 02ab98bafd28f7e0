// The flop and byte count of one full-batch GD step, for every η of a sweep, from which the
// benchmark turns steps/s into effective GFLOP/s and GB/s. It counts the work the algorithm must
// do, not what a given kernel happens to do, so the figures compare engines fairly:
//
// flops: the two matrix products of a step (outputs f = F(W) and the gradient Σ_i c_i ∇f_i), the
//   NTK's ReLU-weighted sum over neurons, and the update W −= η G. The per-sample loss terms
//   (a handful of transcendentals per sample) are left out: they are O(n·K), not O(n·d·K).
// bytes: the fewest bytes a step must move through device memory given that the forward and the
//   backward pass are separated by a global dependency (c_i needs every f_i): X is read once per
//   pass; W is read by the forward pass and read and written by the update; f and c are each
//   written once and read once; the NTK also writes and reads one bit per activation (its sign).
//   Real kernels re-read tiles of X and W, so achieved GB/s by this count is a lower bound.

export type ModelShape = { kind: 'linear'; n: number; d: number; K: number } | { kind: 'ntk'; n: number; d: number; m: number; K: number };

export interface StepCost {
  flops: number;
  bytes: number;
}

const F32 = 4;

export function stepCost(s: ModelShape): StepCost {
  const { n, d, K } = s;
  if (s.kind === 'linear') {
    const flops = K * (2 * n * d /* f = X w */ + 2 * n * d /* g = Xᵀ c */ + 2 * d /* w −= η g */);
    const bytes = F32 * (2 * n * d /* X, twice */ + 3 * K * d /* W: read, read + write */ + 4 * K * n /* f, c: write + read */);
    return { flops, bytes };
  }
  const { m } = s;
  const flops =
    K *
    (2 * n * m * d /* P = X Wᵀ */ +
      2 * n * m /* f_i = Σ_s a_s relu(P_is) (the 1/√m folds into a_s) */ +
      2 * n * m * d /* G = (diag(a) 1[P>0] ∘ c)ᵀ X */ +
      2 * m * d) /* W −= η G */;
  const bytes =
    F32 * (2 * n * d + 3 * K * m * d + 4 * K * n) + // as the linear model, W being m×d per η
    2 * ((K * n * m) / 8); // sign bits: written by the forward pass, read by the backward pass
  return { flops, bytes };
}

/** Effective rates of a measured step rate. */
export function rates(cost: StepCost, stepsPerSecond: number): { gflops: number; gbs: number } {
  return { gflops: (cost.flops * stepsPerSecond) / 1e9, gbs: (cost.bytes * stepsPerSecond) / 1e9 };
}

/** The lower bound on a step's time from a device's peaks (the roofline): the larger of the two times. */
export function rooflineSeconds(cost: StepCost, peakGflops: number, peakGbs: number): number {
  return Math.max(cost.flops / (peakGflops * 1e9), cost.bytes / (peakGbs * 1e9));
}
