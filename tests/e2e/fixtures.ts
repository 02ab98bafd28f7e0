// Small, real results for the chart and dashboard tests: a sweep on the float64 CPU engine in Node,
// sized to take well under a second.

import { parseConfig } from '../../src/core/config';
import { loadDataset } from '../../src/core/data/load';
import type { Results } from '../../src/core/results';
import { referenceBackend } from '../../src/cpu/backend';
import { nodeDataIO } from '../../src/node/data-io';
import { engineFor } from '../../src/sweep/backend';
import { runSweep } from '../../src/sweep/run-sweep';

export async function sweepResults(raw: Record<string, unknown>): Promise<Results> {
  const config = parseConfig(raw);
  const data = await loadDataset(config.data, nodeDataIO);
  return runSweep(engineFor(referenceBackend, config), { config, data }, { environment: { runtime: `Node ${process.versions.node}`, platform: process.platform } });
}

/** The toy preset at 512 steps, every metric (sharpness included), η = 4, 8, 16, 32. */
export function toyResults(steps = 512): Promise<Results> {
  return sweepResults({
    name: 'toy',
    data: { kind: 'toy' },
    etas: [4, 8, 16, 32],
    steps,
    metrics: ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'accuracy', 'margin', 'sharpness'],
    record: { denseUntil: 64, perDecade: 64, sharpnessEvery: 4 },
  });
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => bytes[i] === b)) throw new Error('not a PNG (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
