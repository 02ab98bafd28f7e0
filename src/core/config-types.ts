// The experiment config: one typed, versioned JSON document that says everything a sweep needs.
// `parseConfig` (config.ts) turns untrusted JSON into this fully resolved form, defaults filled in;
// results files store the resolved form so a run can always be repeated exactly.

export const CONFIG_FORMAT = 'bigstep.config/1';

export type Scaling = 'pixel' | 'unitNorm' | 'maxNorm' | 'none';

export interface MnistDataConfig {
  kind: 'mnist';
  /** Two distinct digits; the first is labelled +1, the second −1. */
  digits: [number, number];
  /** Number of samples, split as evenly as possible between the two digits (the first gets the odd one). */
  n: number;
  split: 'train' | 'test';
  scaling: Scaling;
  /** Seed of the random subset drawn from each digit's images. */
  subsetSeed: number;
  /** Each label is flipped with this probability (seeded by subsetSeed): non-separable MNIST. Absent means 0. */
  labelNoise?: number;
}

export interface ToyDataConfig {
  kind: 'toy';
}

export interface TwoPointDataConfig {
  kind: 'twoPoint';
  /** γ in (0, 0.1): x1 = (γ, √(1−γ²)), x2 = (γ, −√(1−γ²)/2), both labelled +1. */
  gamma: number;
}

export interface SyntheticDataConfig {
  kind: 'synthetic';
  n: number;
  d: number;
  /** Every sample has y·xᵀw* ≥ margin for a hidden unit w*, and ‖x‖ ≤ 1. */
  margin: number;
  seed: number;
}

export interface CsvDataConfig {
  kind: 'csv';
  /** Path (CLI) or name of the uploaded file (dashboard). */
  path: string;
  labelColumn: string;
  /** Which of the two label values becomes +1; default: the first one met in the file. */
  positiveLabel?: string;
  scaling: Scaling;
}

export interface IdxDataConfig {
  kind: 'idx';
  images: string;
  labels: string;
  digits: [number, number];
  /** 0 means every sample of the two digits. */
  n: number;
  scaling: Scaling;
  subsetSeed: number;
}

/**
 * Multi-class MNIST: samples of any set of digits, labelled by class index (the position of the
 * digit in `digits`; for digits 0..9 in order the class is the digit itself). Only the MLP with a
 * multi-class loss (softmaxCE, mse) trains on it.
 */
export interface MnistClassesDataConfig {
  kind: 'mnistClasses';
  /** Two to ten distinct digits; class c is digits[c]. */
  digits: number[];
  /** Number of samples, split as evenly as possible between the classes (the first ones get the extras). */
  n: number;
  split: 'train' | 'test';
  scaling: Scaling;
  subsetSeed: number;
}

/**
 * Two overlapping Gaussian classes (non-separable): y = ±1 in equal numbers (seeded order), x = y·μ·e₁ + σξ
 * with ξ ~ N(0, I_d) and σ = 1/√d (so E‖σξ‖² = 1); μ = σ·Φ⁻¹(1 − bayesError), so the best possible
 * classifier (sign of x₁) errs with probability exactly `bayesError`.
 */
export interface GaussiansDataConfig {
  kind: 'gaussians';
  n: number;
  d: number;
  /** The Bayes error in [1e-6, 0.499]: how much the classes overlap. */
  bayesError: number;
  seed: number;
}

/**
 * A one-dimensional set: sample i is x = points[i] with label +1 (a negative point is a −1 sample at
 * |x|), so with both signs present no w separates it and logistic loss has a finite minimiser.
 */
export interface LineDataConfig {
  kind: 'line';
  points: number[];
}

export type DataConfig =
  | MnistDataConfig
  | GaussiansDataConfig
  | LineDataConfig
  | MnistClassesDataConfig
  | ToyDataConfig
  | TwoPointDataConfig
  | SyntheticDataConfig
  | CsvDataConfig
  | IdxDataConfig;

export interface LinearModelConfig {
  kind: 'linear';
  /** w_0 = 0 (the theory's choice) or w_0 ~ N(0, initScale² I). */
  init: 'zero' | 'normal';
  initScale: number;
  initSeed: number;
}

export interface NtkModelConfig {
  kind: 'ntk';
  /** Number of hidden neurons m. */
  width: number;
  /** Seed of w_s(0) ~ N(0, I_d) and of the fixed output signs a_s. */
  initSeed: number;
}

export type Activation = 'relu' | 'tanh' | 'gelu';

/**
 * A fully connected network d → widths[0] → … → widths[L−2] → out, every layer trained; `out` is 1
 * (one logit, binary data, margin losses) or the number of classes (multi-class data). Init:
 * 'pytorch' is PyTorch's nn.Linear default (Kaiming-uniform with a = √5): weights and biases
 * U(−1/√fan_in, 1/√fan_in); 'kaimingNormal' is N(0, 2/fan_in) weights with zero biases.
 * Parameters are flattened layer by layer: W_1 row-major (out × in), then b_1 (if any), W_2, b_2, …
 */
export interface MlpModelConfig {
  kind: 'mlp';
  /** Hidden widths, one per hidden layer (at least one). */
  widths: number[];
  activation: Activation;
  bias: boolean;
  init: 'pytorch' | 'kaimingNormal';
  initSeed: number;
}

export type ModelConfig = LinearModelConfig | NtkModelConfig | MlpModelConfig;

/** Margin losses ℓ(y·f) for binary data, and the multi-class losses softmaxCE and mse (vs one-hot, ½‖f − e_y‖²). */
export type LossKind = 'logistic' | 'exponential' | 'flatExp' | 'flatPoly' | 'softmaxCE' | 'mse';

export interface LossConfig {
  kind: LossKind;
  /** Parameter a of the flattened losses; ignored (and stored as 1) for the others. */
  a: number;
  /** λ of the ℓ2 term λ/2·‖w − w₀‖² added to the mean loss (linear and NTK models); absent means 0. */
  l2?: number;
}

/**
 * gd: w ← w − η∇L(w). sgd: one seeded sample per step. adaptive: w ← w − η_t∇L(w) with η_t = η/L(w)
 * (Zhang–Wu–Lin–Bartlett 2025) or, with `by: "gradNorm"`, η/‖∇L(w)‖ (normalised GD). heavyBall:
 * w_{t+1} = w_t − η∇L(w_t) + β(w_t − w_{t−1}). nesterov: the same with the gradient taken at the
 * look-ahead point w_t + β(w_t − w_{t−1}). Both momentum methods start with w_{−1} = w_0.
 */
export type OptimizerConfig =
  | { kind: 'gd' }
  | { kind: 'sgd'; orderSeed: number }
  | { kind: 'adaptive'; by: 'loss' | 'gradNorm' }
  | { kind: 'heavyBall' | 'nesterov'; beta: number };

export type MetricName =
  | 'loss'
  | 'expLoss'
  | 'gradNorm'
  | 'distFromInit'
  | 'accuracy'
  | 'margin'
  | 'sharpness'
  | 'distToOpt';

export const METRIC_NAMES: readonly MetricName[] = [
  'loss',
  'expLoss',
  'gradNorm',
  'distFromInit',
  'accuracy',
  'margin',
  'sharpness',
  'distToOpt',
];

/** The metrics recorded when a config names none (the dashboard's form starts from the same list). */
export const DEFAULT_METRICS: readonly MetricName[] = ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'accuracy', 'margin'];

export interface RecordConfig {
  /** Every step s ≤ denseUntil is recorded. */
  denseUntil: number;
  /** After that, this many log-spaced points per decade of steps (the last step always). */
  perDecade: number;
  /** Sharpness is measured at every k-th recorded step (and the last), as it costs many Hessian-vector products. */
  sharpnessEvery: number;
  /** Power-iteration steps per sharpness measurement (warm-started from the previous eigenvector). */
  sharpnessIterations: number;
  /** Steps recorded in addition to the cadence (e.g. the horizons T of an acceleration study). */
  extraSteps: number[];
}

/**
 * Experiments beyond one sweep. A study expands into plain sweeps (study.ts): acceleration runs
 * η = c·T for each horizon T beside the fixed `etas`; a width study repeats the sweep for each NTK
 * width m; a loss study repeats it for each loss × model.
 */
export type StudyConfig =
  | { kind: 'accel'; c: number; horizons: number[] }
  | { kind: 'widths'; widths: number[] }
  | {
      kind: 'losses';
      losses: LossConfig[];
      models: ModelConfig[];
      /**
       * Adds to each loss's stepsizes the one of the talk's rate table for the horizon T = steps:
       * η = T for logistic, exponential and flatExp; T^(a/2) for flatPoly with a ≤ 1; T^(1/2) for a > 1.
       */
      talkEtas: boolean;
    }
  /** The sweep repeated for each optimizer (momentum against plain GD, adaptive against constant η). */
  | { kind: 'optimizers'; optimizers: OptimizerConfig[] }
  /** The sweep repeated for each ℓ2 strength λ: with the η list, an η × λ phase diagram. */
  | { kind: 'l2'; lambdas: number[] };

export interface ExperimentConfig {
  format: typeof CONFIG_FORMAT;
  name: string;
  data: DataConfig;
  model: ModelConfig;
  loss: LossConfig;
  optimizer: OptimizerConfig;
  /** Resolved stepsizes, ascending order not required; all start from the same w_0. */
  etas: number[];
  steps: number;
  /** Always contains 'loss'. */
  metrics: MetricName[];
  record: RecordConfig;
  /** An η whose loss is non-finite or above this bound is stopped and marked diverged. */
  divergeAbove: number;
  /** Present only on configs that describe a study; the sweeps it expands into have none. */
  study?: StudyConfig;
}
