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
    description: 'Figure 1: logistic regression on the four-point toy set (γ = 0.2), η = 4, 8, 16, 32, 2^20 steps',
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
    description: 'Figure 2: logistic regression on MNIST 0 vs 8 (n = 1000, pixel/255), η = 1/64, 1/16, 1/4, 1, 2^20 steps',
    config: {
      name: 'mnist08',
      data: { kind: 'mnist', digits: [0, 8], n: 1000, split: 'train', scaling: 'pixel' },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [1 / 64, 1 / 16, 1 / 4, 1],
      steps: 2 ** 20,
      metrics: ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'accuracy', 'margin'],
    },
    quick: { data: { n: 200 }, steps: 512 },
  },
  accel: {
    description: 'Figure 3: acceleration on the toy set: L(w_T) for η = T against fixed η = 1 and 8, T = 2^4 .. 2^14',
    config: {
      name: 'accel',
      data: { kind: 'toy' },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [1, 8],
      steps: 2 ** 14,
      metrics: ['loss'],
      study: { kind: 'accel', c: 1, horizons: [16, 64, 256, 1024, 4096, 16384] },
    },
    quick: { steps: 1024, study: { horizons: [16, 64, 256, 1024] } },
  },
  losses: {
    description: 'Figure 4: loss × model × η on the toy set: logistic, exponential, flattened exponential and polynomial (a = 1), linear and NTK (m = 256)',
    config: {
      name: 'losses',
      data: { kind: 'toy' },
      model: { kind: 'linear' },
      loss: { kind: 'logistic' },
      etas: [1, 8, 32],
      steps: 2 ** 16,
      metrics: ['loss', 'accuracy'],
      study: {
        kind: 'losses',
        losses: [{ kind: 'logistic' }, { kind: 'exponential' }, { kind: 'flatExp', a: 1 }, { kind: 'flatPoly', a: 1 }],
        models: [{ kind: 'linear' }, { kind: 'ntk', width: 256 }],
      },
    },
    quick: { steps: 1024, study: { models: [{ kind: 'linear' }, { kind: 'ntk', width: 32 }] } },
  },
  'ntk-width': {
    description: 'Figure 5: NTK network on MNIST 0 vs 8 (n = 1000, unit-norm features) over widths m = 10^2 .. 10^5: loss and ‖w_t − w_0‖',
    config: {
      name: 'ntk-width',
      data: { kind: 'mnist', digits: [0, 8], n: 1000, scaling: 'unitNorm' },
      model: { kind: 'ntk', width: 100 },
      loss: { kind: 'logistic' },
      etas: [1, 4, 16],
      steps: 2 ** 14,
      metrics: ['loss', 'distFromInit', 'accuracy'],
      study: { kind: 'widths', widths: [100, 1000, 10000, 100000] },
    },
    quick: { data: { n: 32 }, steps: 64, study: { widths: [16, 64] } },
  },
  sharpness: {
    description: 'Figure 6: sharpness vs step with the 2/η lines: NTK network (m = 256) on MNIST 0 vs 8 (n = 256, unit norm)',
    config: {
      name: 'sharpness',
      data: { kind: 'mnist', digits: [0, 8], n: 256, scaling: 'unitNorm' },
      model: { kind: 'ntk', width: 256 },
      loss: { kind: 'logistic' },
      etas: [0.5, 2, 8],
      steps: 2 ** 12,
      metrics: ['loss', 'sharpness', 'gradNorm'],
      record: { sharpnessEvery: 8, sharpnessIterations: 20 },
    },
    quick: { data: { n: 32 }, model: { width: 32 }, steps: 128, record: { sharpnessEvery: 32, sharpnessIterations: 10 } },
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
      'Edge of stability (Cohen et al.): a tanh network (784–32–32–10) on 100 MNIST samples of all ten digits, MSE vs one-hot, GD with η = 0.02, 0.07, 0.09: loss and sharpness vs step with the 2/η lines',
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
    quick: { data: { n: 30 }, model: { widths: [8, 8] }, steps: 48, record: { sharpnessEvery: 16, sharpnessIterations: 6 } },
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
