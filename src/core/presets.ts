// Named experiments that reproduce the figures of SCIENCE.md. Each is a raw config that goes
// through parseConfig like any user file, so presets can never hold a value a user could not.

import { parseConfig, type ExperimentConfig } from './config';

type Raw = Record<string, unknown>;

/**
 * Each preset has the full-size config of its figure, and `quick`: overrides (merged into the
 * config, arrays replaced) that shrink it to run in about a minute on a CPU or a software GPU
 * adapter, for tests and first looks.
 */
const RAW_PRESETS: Record<string, { description: string; config: Raw; quick: Raw }> = {
  toy: {
    description:
      'Figure 1: logistic regression on the four-point toy set (margin γ = 0.2), η = 4, 8, 16, 32, 2^20 steps. η ≥ 8 spike above ln 2 in the first 16 steps, fall below 1/η within 32 and then decrease monotonically; η·t·L(w_t) tends to 1/γ² = 25 (dashed) for every η',
    config: {
      name: 'toy',
      data: { kind: 'toy' },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [4, 8, 16, 32],
      steps: 2 ** 20,
      metrics: ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'accuracy', 'margin', 'sharpness'],
    },
    quick: { steps: 2 ** 12 },
  },
  mnist08: {
    description:
      'Figure 2: logistic regression on MNIST 0 vs 8 (n = 1000), features scaled to unit norm (the theory\'s ‖x‖ ≤ 1, so the transition is L ≤ 1/η as stated), η = 16, 256, 4096, 65536, 2^20 steps. The pair is easy: with unit-norm rows no η ≤ 256 raises the loss at all; η = 4096 and 65536 jump to 1.8 and 29 at step 1 and keep rising now and then until step 47 and 60, then decrease monotonically once L ≤ 1/η, and a larger η ends lower',
    config: {
      name: 'mnist08',
      data: { kind: 'mnist', digits: [0, 8], n: 1000, split: 'train', scaling: 'unitNorm' },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [16, 256, 4096, 65536],
      steps: 2 ** 20,
      metrics: ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'accuracy', 'margin'],
    },
    // Quick: 200 samples, 512 steps; η = 4096 and 65536 jump to 2.9 and 46 at step 1, then fall
    // below 1/η by step 11 and decrease monotonically.
    quick: { data: { n: 200 }, steps: 512 },
  },
  accel: {
    description:
      'Figure 3: acceleration on the two-point set (γ = 0.05): L(w_T) for η = T against fixed η = 1 and 12 (12: the largest η here whose loss never increases), T = 2^8 .. 2^16. The fixed η stay on c/T (T·L(w_T) ≈ 400/η); η = T passes through an EoS phase and ends at or below about 6/T² (the envelope; some T land far below it)',
    config: {
      name: 'accel',
      data: { kind: 'twoPoint', gamma: 0.05 },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [1, 12],
      steps: 2 ** 16,
      metrics: ['loss'],
      study: { kind: 'accel', c: 1, horizons: [256, 1024, 4096, 16384, 65536] },
    },
    quick: { steps: 4096, study: { horizons: [256, 1024, 4096] } },
  },
  'lower-bound': {
    description:
      'The two-point lower-bound set (x₁ = (γ, √(1−γ²)), x₂ = (γ, −√(1−γ²)/2), both +1, γ = 0.05): η = 1, 4, 12 never raise the loss and stay on η·t·L ≈ 1/γ² = 400 (dashed), so L(w_T) ≥ c/T; η = 64, 1024 go through an EoS phase (loss increases) and end 100× lower, 2^14 steps',
    config: {
      name: 'lower-bound',
      data: { kind: 'twoPoint', gamma: 0.05 },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [1, 4, 12, 64, 1024],
      steps: 2 ** 14,
      metrics: ['loss', 'gradNorm', 'distFromInit', 'margin'],
    },
    quick: { steps: 4096 },
  },
  losses: {
    description:
      "Figure 4 and the talk's rate table, on the toy set: logistic, exponential, flattened exponential (a = 1) and flattened polynomial (a = 1/2, 1, 2) losses, linear and NTK (m = 256), η = 1 beside the table's η(T) (T for the exponential tails, T^(a/2) for flatPoly, T^(1/2) for a > 1), 2^16 steps. The study table puts each run's late slope beside the predicted one (−1; −a/(a+2) = −0.2, −0.33, −0.5) and the table's rate; the exponential loss diverges at η = T (flattening is what keeps large steps finite)",
    config: {
      name: 'losses',
      data: { kind: 'toy' },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [1],
      steps: 2 ** 16,
      metrics: ['loss', 'accuracy'],
      study: {
        kind: 'losses',
        talkEtas: true,
        losses: [
          { kind: 'logistic' },
          { kind: 'exponential' },
          { kind: 'flatExp', a: 1 },
          { kind: 'flatPoly', a: 0.5 },
          { kind: 'flatPoly', a: 1 },
          { kind: 'flatPoly', a: 2 },
        ],
        models: [{ kind: 'linear' }, { kind: 'ntk', width: 256 }],
      },
    },
    quick: { steps: 4096, study: { models: [{ kind: 'linear' }, { kind: 'ntk', width: 32 }] } },
  },
  sgd: {
    description:
      'Claim 7: online SGD (one random sample per step) with a large stepsize on the toy set (γ = 0.2), η = 1, 8, 128, 2^16 steps. η = 8 and 128 spike to 6 and 63 in the first steps; later the loss falls at the stable-phase rate (late slope ≈ −1, η·t·L ≈ 1/γ² = 25) and a larger η ends lower. The caveat: one-sample steps keep rocking the full loss, so it is not monotone after L ≤ 1/η',
    config: {
      name: 'sgd',
      data: { kind: 'toy' },
      model: { kind: 'linear', initSeed: 1 }, // the form's one seed field sets every seed; with w_0 = 0 this one changes nothing
      loss: { kind: 'logistic' },
      optimizer: { kind: 'sgd', orderSeed: 1 },
      etas: [1, 8, 128],
      steps: 2 ** 16,
      metrics: ['loss', 'distFromInit', 'accuracy'],
    },
    quick: { steps: 4096 },
  },
  'ntk-width': {
    description:
      'Figure 5: NTK network on MNIST 4 vs 9 (n = 64, unit-norm features; 0 vs 8 is too easy to leave the stable regime) over widths m = 10^2 .. 10^5, η = 16, 256, 4096, 2^12 steps: at every width η = 16 decreases monotonically, η = 256 and 4096 spike (to about 4 and 40) in the first steps, then fall below 1/η and decrease monotonically; ‖w_t − w_0‖ stays bounded independently of m, larger for larger η',
    config: {
      name: 'ntk-width',
      data: { kind: 'mnist', digits: [4, 9], n: 64, scaling: 'unitNorm' },
      model: { kind: 'ntk', width: 100 },
      loss: { kind: 'logistic' },
      etas: [16, 256, 4096],
      steps: 2 ** 12,
      metrics: ['loss', 'distFromInit', 'accuracy'],
      study: { kind: 'widths', widths: [100, 1000, 10000, 100000] },
    },
    quick: { data: { n: 16 }, etas: [16, 128], steps: 64, study: { widths: [100, 1000] } },
  },
  sharpness: {
    description:
      'Figure 6: sharpness vs step with the 2/η lines: NTK network (m = 128) on MNIST 4 vs 9 (n = 32, unit norm), η = 16, 64, 256, 512 steps, sharpness at every step of the first 64. The sharpness starts at 0.045: below 2/η for η = 16, above it for η = 64 and 256, and falls through 2/η within a few steps (within 20% of 2/η on the way); η = 256 raises the loss to 3.8 first, then decreases monotonically after L ≤ 1/η',
    config: {
      name: 'sharpness',
      data: { kind: 'mnist', digits: [4, 9], n: 32, scaling: 'unitNorm' },
      model: { kind: 'ntk', width: 128 },
      loss: { kind: 'logistic' },
      etas: [16, 64, 256],
      steps: 512,
      metrics: ['loss', 'sharpness', 'gradNorm'],
      record: { denseUntil: 64, perDecade: 16, sharpnessEvery: 1, sharpnessIterations: 10 },
    },
    quick: { steps: 256, record: { denseUntil: 32, perDecade: 8 } },
  },
  'mlp3-mnist': {
    description:
      "The talk's opening figure: a 3-layer ReLU network (784–200–200–10, PyTorch init) on 1,000 MNIST samples of all ten digits, softmax cross-entropy, GD with η = 0.05, 0.1, 0.2, 0.4, 2^12 steps: loss vs step (log scale)",
    config: {
      name: 'mlp3-mnist',
      data: { kind: 'mnistClasses', digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], n: 1000, scaling: 'pixel' },
      model: { kind: 'mlp', widths: [200, 200], activation: 'relu', bias: true, init: 'pytorch' },
      loss: { kind: 'softmaxCE' },
      etas: [0.05, 0.1, 0.2, 0.4],
      steps: 2 ** 12,
      metrics: ['loss', 'gradNorm', 'distFromInit', 'accuracy'],
    },
    quick: { data: { n: 64 }, model: { widths: [16, 16] }, steps: 48 },
  },
  'eos-sharpness': {
    description:
      'Edge of stability (Cohen et al.): a tanh network (784–32–32–10) on 100 MNIST samples of all ten digits, MSE vs one-hot, GD with η = 0.02, 0.07, 0.09, 800 steps: loss and sharpness vs step with the 2/η lines. The sharpness rises from 14.3 to 2/η for η = 0.07, 0.09 and hovers there (1.02–1.09 × 2/η) while the loss falls non-monotonically; η = 0.02 stays below. Quick: η = 0.02, 0.1, 0.12, 200 steps (the sharpness rises to 2/η by step 100)',
    config: {
      name: 'eos-sharpness',
      data: { kind: 'mnistClasses', digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], n: 100, scaling: 'pixel' },
      model: { kind: 'mlp', widths: [32, 32], activation: 'tanh', bias: true, init: 'pytorch' },
      loss: { kind: 'mse' },
      etas: [0.02, 0.07, 0.09],
      steps: 800,
      metrics: ['loss', 'sharpness', 'gradNorm', 'accuracy'],
      record: { denseUntil: 1024, sharpnessEvery: 25, sharpnessIterations: 10 },
    },
    // Quick: the same network and data, 200 steps, and η = 0.1, 0.12, whose 2/η (20, 16.7) lie closer
    // to the starting sharpness (14.3): it rises to 2/η within 100 steps (at 800 steps it takes longer).
    quick: { etas: [0.02, 0.1, 0.12], steps: 200, record: { sharpnessEvery: 10 } },
  },
  adaptive: {
    description:
      'Adaptive stepsizes (Zhang, Wu, Lin & Bartlett 2025): logistic regression on the toy set (margin γ = 0.2, 1/γ² = 25), constant η = 1 … 1024 against η_t = η/L(w_t) and normalised GD η/‖∇L(w_t)‖ (the Perceptron-like limit of large η), 2048 steps. η/L with η = 8 reaches L ≤ 1e-6 at step 77 (about 3/γ²) and falls exponentially after it (1.5e-275 at the end); no constant η of the sweep gets there before step 898. Caveats, measured: η/L = 512 dips below 1e-6 at step 30 but then oscillates back up (323 at the end); and a constant η ≥ 2048 separates these 16 points in a few huge steps and reaches 1e-6 at step 13, so the comparison holds for constant η ≤ 1024 only. The study table gives each run\'s first step with L ≤ 1e-6',
    config: {
      name: 'adaptive',
      data: { kind: 'toy' },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [1, 8, 64, 512, 1024],
      steps: 2048,
      metrics: ['loss', 'gradNorm', 'margin'],
      study: { kind: 'optimizers', optimizers: [{ kind: 'gd' }, { kind: 'adaptive', by: 'loss' }, { kind: 'adaptive', by: 'gradNorm' }] },
    },
    quick: { etas: [1, 8, 64, 512], steps: 512 },
  },
  momentum: {
    description:
      'Momentum baselines on the two-point set (γ = 0.05, smoothness ≤ 1/4, so the classical stepsize is η = 4): GD, heavy ball and Nesterov with β = 0.9 and 0.99 at η = 0.25, 1, 4 (their usual, stable range) and at η = 1024 and 4096 = T, 4096 steps: L(w_T) vs T with the 1/T and 1/T² guides. GD with η = T ends at 2.4e-7, below every momentum run at η ≤ 4 (best: heavy ball, β = 0.99, η = 4, at 3.3e-6); momentum with the same large η goes further still (1e-99 and below)',
    config: {
      name: 'momentum',
      data: { kind: 'twoPoint', gamma: 0.05 },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [0.25, 1, 4, 1024, 4096],
      steps: 4096,
      metrics: ['loss', 'gradNorm'],
      study: {
        kind: 'optimizers',
        optimizers: [
          { kind: 'gd' },
          { kind: 'heavyBall', beta: 0.9 },
          { kind: 'nesterov', beta: 0.9 },
          { kind: 'heavyBall', beta: 0.99 },
          { kind: 'nesterov', beta: 0.99 },
        ],
      },
    },
    quick: { etas: [1, 4, 4096], study: { optimizers: [{ kind: 'gd' }, { kind: 'heavyBall', beta: 0.99 }, { kind: 'nesterov', beta: 0.99 }] } },
  },
  regularized: {
    description:
      'ℓ2-regularised logistic regression (Wu, Marion & Bartlett 2025) on the toy set: λ = 0.1, 0.01, 0.001 × η = 1 … 4096, 4096 steps, every step recorded. The phase diagram (study table, phase chart) classes each run by its last 128 steps: converged (period 1) below 2/λ_max(∇²L(w*)) (3.1, 5.0, 16.2, from Newton\'s w*), then period-2 cycles and chaos, then divergence from η = 32, 256, 2048: the divergence boundary grows like the critical η ≈ 1/(λ ln(1/λ)) (4.3, 22, 145, drawn), about 7–14× above it on this grid',
    config: {
      name: 'regularized',
      data: { kind: 'toy' },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096],
      steps: 4096,
      metrics: ['loss', 'distToOpt'],
      record: { denseUntil: 4096 },
      study: { kind: 'l2', lambdas: [0.1, 0.01, 0.001] },
    },
    quick: { steps: 2048, record: { denseUntil: 2048 }, study: { lambdas: [0.1, 0.01] } },
  },
  'non-separable': {
    description:
      'Non-separable data (Meng, Orvieto, Cao & De Sa 2024): logistic regression on the 1-D set x = 1, 1, −1 (w* = ln 2, λ_max = ∇²L(w*) = 2/9, so 1/λ = 4.5 and 2/λ = 9), η = 0.5 … 2 × 2/λ, 4096 steps, every step recorded. Below 2/λ GD converges to w* (period 1); just above it the iterates settle on a period-2 cycle, then period 4 near 1.5 × 2/λ, then no short cycle (chaos) from 1.7 × 2/λ: the bifurcation chart plots the last 128 losses of each η with the 1/λ and 2/λ lines',
    config: {
      name: 'non-separable',
      data: { kind: 'line', points: [1, 1, -1] },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: { start: 4.5, stop: 18, count: 48 },
      steps: 4096,
      metrics: ['loss', 'distToOpt'],
      record: { denseUntil: 4096 },
    },
    quick: { etas: [4.5, 8.1, 8.55, 9.45, 9.9, 11.7, 13.5, 15.3, 18], steps: 2048, record: { denseUntil: 2048 } },
  },
};

export function presetNames(): string[] {
  return Object.keys(RAW_PRESETS);
}

export function presetDescription(name: string): string {
  return RAW_PRESETS[name]?.description ?? '';
}

/** The raw preset config (as a user would write it in a file), optionally its quick variant. */
export function presetRaw(name: string, quick = false): Raw {
  const p = RAW_PRESETS[name];
  if (!p) throw new Error(`unknown preset "${name}"; known presets: ${presetNames().join(', ')}`);
  return quick ? mergeOverrides(p.config, p.quick) : structuredClone(p.config);
}

export function preset(name: string, quick = false): ExperimentConfig {
  return parseConfig(presetRaw(name, quick));
}

/** Deep merge of plain objects; arrays and other values in `over` replace those in `base`. */
export function mergeOverrides(base: Raw, over: Raw): Raw {
  const out: Raw = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    const bothObjects = isObj(current) && isObj(value);
    out[key] = bothObjects ? mergeOverrides(current, value) : structuredClone(value);
  }
  return out;
}

function isObj(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
