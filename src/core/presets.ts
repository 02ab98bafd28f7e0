// Named experiments that reproduce the figures of SCIENCE.md. Each is a raw config that goes
// through parseConfig like any user file, so presets can never hold a value a user could not.

import { parseConfig, type ExperimentConfig } from './config';

const RAW_PRESETS: Record<string, { description: string; config: Record<string, unknown> }> = {
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
  },
};

export function presetNames(): string[] {
  return Object.keys(RAW_PRESETS);
}

export function presetDescription(name: string): string {
  return RAW_PRESETS[name]?.description ?? '';
}

/** The raw preset config (as a user would write it in a file). */
export function presetRaw(name: string): Record<string, unknown> {
  const p = RAW_PRESETS[name];
  if (!p) throw new Error(`unknown preset "${name}"; known presets: ${presetNames().join(', ')}`);
  return structuredClone(p.config);
}

export function preset(name: string): ExperimentConfig {
  return parseConfig(presetRaw(name));
}
