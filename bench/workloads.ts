// The benchmark's rows: the workloads (linear on MNIST 0 vs 8, n = 1000, d = 784, K = 1, 8, 64;
// the NTK network, n = 1000, d ∈ {784, 196}, m ∈ {1e3, 1e4, 1e5}, K ∈ {1, 4}) as configs, with the
// flop/byte shape each one has. Data sets are keyed so a runner loads each once.

import { parseConfig } from '../src/core/config';
import type { ExperimentConfig } from '../src/core/config-types';
import type { ModelShape } from '../src/core/cost-model';

/** 'mnist784': MNIST train 0 vs 8, n = 1000. 'mnist196': the same images 2×2 average-pooled to 14×14. */
export type DataKey = 'mnist784' | 'mnist196';

export interface Workload {
  id: string;
  label: string;
  dataKey: DataKey;
  config: ExperimentConfig;
  shape: ModelShape;
}

const N = 1000;

/** K stepsizes log-spaced over [lo, hi] (one value: hi). Small enough that no run diverges. */
function etas(K: number, lo: number, hi: number): number[] {
  if (K === 1) return [hi];
  return Array.from({ length: K }, (_, k) => lo * (hi / lo) ** (k / (K - 1)));
}

export function linearWorkload(K: number): Workload {
  // Pixel scaling as the mnist08 preset (Figure 2); η up to 1/4 stays stable there.
  const config = parseConfig({
    name: `bench-linear-K${K}`,
    data: { kind: 'mnist', digits: [0, 8], n: N, split: 'train', scaling: 'pixel' },
    model: { kind: 'linear' },
    loss: { kind: 'logistic' },
    etas: etas(K, 1 / 256, 1 / 4),
    steps: 1,
  });
  return { id: `linear-d784-K${K}`, label: `linear n=1000 d=784 K=${K}`, dataKey: 'mnist784', config, shape: { kind: 'linear', n: N, d: 784, K } };
}

export function ntkWorkload(d: 784 | 196, m: number, K: number): Workload {
  // Unit-norm rows, w_s(0) ~ N(0, I): η of order 1 is the NTK regime's stable range.
  const config = parseConfig({
    name: `bench-ntk-d${d}-m${m}-K${K}`,
    data: { kind: 'mnist', digits: [0, 8], n: N, split: 'train', scaling: 'unitNorm' },
    model: { kind: 'ntk', width: m },
    loss: { kind: 'logistic' },
    etas: etas(K, 0.5, 4),
    steps: 1,
  });
  return {
    id: `ntk-d${d}-m${m}-K${K}`,
    label: `NTK n=1000 d=${d} m=${m.toExponential(0).replace('+', '')} K=${K}`,
    dataKey: d === 784 ? 'mnist784' : 'mnist196',
    config,
    shape: { kind: 'ntk', n: N, d, m, K },
  };
}

export function allWorkloads(): Workload[] {
  const rows = [1, 8, 64].map(linearWorkload);
  for (const d of [784, 196] as const) for (const m of [1e3, 1e4, 1e5]) for (const K of [1, 4]) rows.push(ntkWorkload(d, m, K));
  return rows;
}
