// Shared helpers for unit tests: small problems and a one-call way to run the CPU engine.

import { parseConfig, type ExperimentConfig } from '../../src/core/config';
import type { Dataset } from '../../src/core/data/dataset';
import { syntheticData } from '../../src/core/data/synthetic';
import { referenceBackend } from '../../src/cpu/backend';
import { engineFor } from '../../src/sweep/backend';
import { runSweep } from '../../src/sweep/run-sweep';

export function config(raw: Record<string, unknown>): ExperimentConfig {
  return parseConfig({ data: { kind: 'toy' }, etas: [1], steps: 1, ...raw });
}

/** A small separable problem that is not axis-aligned (synthetic, n×d). */
export function smallData(n = 12, d = 5, seed = 3): Dataset {
  return syntheticData({ n, d, margin: 0.1, seed });
}

/** The sweep on the float64 reference engine for the config's model. */
export async function sweep(cfg: ExperimentConfig, data: Dataset) {
  return runSweep(engineFor(referenceBackend, cfg), { config: cfg, data });
}
