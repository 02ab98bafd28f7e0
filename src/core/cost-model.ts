// The flop and byte count of one step, for every η of a sweep, from which the benchmark and the
// dashboard turn steps/s into effective GFLOP/s and GB/s (one model, so the two agree). It counts
// the work the algorithm must do, not what a given kernel happens to do, so the figures compare
// engines fairly:
//
// flops: the matrix products of a step (outputs f = F(W) and the gradient), the NTK's ReLU-weighted
//   sum over neurons, and the update W −= η G, at 2 flops per multiply-add. Elementwise work per
//   sample (loss terms, activations, biases: O(n·width), not O(n·width·d)) is left out.
// bytes: the fewest bytes a step must move through device memory given that the forward and the
//   backward pass are separated by a global dependency (c_i needs every f_i): X is read once per
//   pass; W is read by the forward pass and read and written by the update (the MLP's backward also
//   reads W_l of layers 2..L); f and c are each written once and read once; the NTK also writes and
//   reads one bit per activation (its sign); the MLP writes and reads each hidden layer's
//   activations and adjoints once. Real kernels re-read tiles of X and W, so achieved GB/s by this
//   count is a lower bound.
// SGD: a step touches one sample, so its shape has n = 1.

import type { ExperimentConfig } from './config-types';

export type ModelShape =
  | { kind: 'linear'; n: number; d: number; K: number }
  | { kind: 'ntk'; n: number; d: number; m: number; K: number }
  /** dims = [d, widths..., outputs]. */
  | { kind: 'mlp'; n: number; dims: number[]; bias: boolean; K: number };

export interface StepCost {
  flops: number;
  bytes: number;
}

const F32 = 4;

/** The shape of one step of `config` on data of n samples, d features and `classes` classes (absent: binary). */
export function shapeOf(config: Pick<ExperimentConfig, 'model' | 'optimizer'>, data: { n: number; d: number; classes?: number }, K: number): ModelShape {
  const n = config.optimizer.kind === 'sgd' ? 1 : data.n;
  const m = config.model;
  if (m.kind === 'linear') return { kind: 'linear', n, d: data.d, K };
  if (m.kind === 'ntk') return { kind: 'ntk', n, d: data.d, m: m.width, K };
  return { kind: 'mlp', n, dims: [data.d, ...m.widths, data.classes ?? 1], bias: m.bias, K };
}

/** Classes of the data a config names (absent: binary data). */
function configClasses(config: Pick<ExperimentConfig, 'data'>): number | undefined {
  return config.data.kind === 'mnistClasses' ? config.data.digits.length : undefined;
}

/** The cost of one step of `config` for K stepsizes, where only the config and the data's size are at hand (the dashboard). */
export function configStepCost(config: Pick<ExperimentConfig, 'model' | 'optimizer' | 'data'>, data: { n: number; d: number }, K = 1): StepCost {
  return stepCost(shapeOf(config, { n: data.n, d: data.d, classes: configClasses(config) }, K));
}

export function stepCost(s: ModelShape): StepCost {
  const { n, K } = s;
  if (s.kind === 'linear') {
    const { d } = s;
    const flops = K * (2 * n * d /* f = X w */ + 2 * n * d /* g = Xᵀ c */ + 2 * d /* w −= η g */);
    const bytes = F32 * (2 * n * d /* X, twice */ + 3 * K * d /* W: read, read + write */ + 4 * K * n /* f, c: write + read */);
    return { flops, bytes };
  }
  if (s.kind === 'mlp') return mlpCost(s);
  const { d, m } = s;
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

function mlpCost(s: Extract<ModelShape, { kind: 'mlp' }>): StepCost {
  const { n, dims, K } = s;
  const L = dims.length - 1;
  let products = 0; // multiply-adds of one η's step
  let params = 0;
  let laterWeights = 0; // entries of W_2..W_L (read again by the backward pass)
  let hidden = 0; // hidden units per sample
  for (let l = 1; l <= L; l++) {
    const w = dims[l] * dims[l - 1];
    products += n * w /* Z_l = A_{l−1} W_lᵀ */ + n * w /* ∇W_l = δ_lᵀ A_{l−1} */ + (l > 1 ? n * w : 0) /* δ_{l−1} = δ_l W_l */;
    params += w + (s.bias ? dims[l] : 0);
    if (l > 1) laterWeights += w;
    if (l < L) hidden += dims[l];
  }
  const flops = K * (2 * products + 2 * params /* W −= η G */);
  const floats =
    2 * n * dims[0] /* X, twice */ +
    K * (3 * params + laterWeights) /* W: read, read + write; W_2..W_L again */ +
    4 * K * n * hidden /* activations and adjoints: write + read */ +
    4 * K * n * dims[L] /* f, c: write + read */;
  return { flops, bytes: F32 * floats };
}

/** Effective rates of a measured step rate. */
export function rates(cost: StepCost, stepsPerSecond: number): { gflops: number; gbs: number } {
  return { gflops: (cost.flops * stepsPerSecond) / 1e9, gbs: (cost.bytes * stepsPerSecond) / 1e9 };
}

/** The lower bound on a step's time from a device's peaks (the roofline): the larger of the two times. */
export function rooflineSeconds(cost: StepCost, peakGflops: number, peakGbs: number): number {
  return Math.max(cost.flops / (peakGflops * 1e9), cost.bytes / (peakGbs * 1e9));
}
