// Steps per second of the GPU engine on whatever adapter headless Chrome finds (not a test: run it
// with `npx tsx tests/gpu/throughput.ts [linearSteps] [ntkSteps]`). Sizes of the report: the
// mnist08 preset (linear, K = 4, n = 1000, d = 784, real MNIST 0 vs 8) and the NTK network at
// m = 1024, d = 784, n = 256 (MNIST 0 vs 8, unit-norm rows), with K = 1 and K = 4.

import { parseConfig } from '../../src/core/config';
import { loadDataset } from '../../src/core/data/load';
import { preset } from '../../src/core/presets';
import { launchBrowser } from '../../src/node/browser';
import { nodeDataIO } from '../../src/node/data-io';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import type { ExperimentConfig } from '../../src/core/config-types';
import type { BrowserSession } from '../../src/node/browser';

async function measure(session: BrowserSession, label: string, config: ExperimentConfig, steps: number): Promise<void> {
  const data = await loadDataset(config.data, nodeDataIO);
  const engine = new RemoteGpuEngine(session);
  await engine.init({ config, data });
  await engine.advance(2, []); // warm-up: pipelines, first submit
  const stages = await engine.profile(2);
  const t0 = performance.now();
  await engine.advance(steps, [{ offset: steps, metrics: ['loss', 'gradNorm', 'accuracy'] }]);
  const rate = steps / ((performance.now() - t0) / 1000);
  console.log(`${label}: ${rate.toPrecision(3)} steps/s   (ms per stage, all blocks: ${JSON.stringify(stages, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))})`);
  await engine.dispose();
}

const linSteps = Number(process.argv[2] ?? 200);
const ntkSteps = Number(process.argv[3] ?? 5);
const session = await launchBrowser();
try {
  await measure(session, 'mnist08 linear K=4 n=1000 d=784', preset('mnist08'), linSteps);
  for (const K of [1, 4]) {
    const config = parseConfig({
      data: { kind: 'mnist', digits: [0, 8], n: 256, split: 'train', scaling: 'unitNorm' },
      model: { kind: 'ntk', width: 1024 },
      etas: [1, 2, 4, 8].slice(0, K),
      steps: 1,
    });
    await measure(session, `NTK K=${K} m=1024 n=256 d=784`, config, ntkSteps);
  }
  await measure(session, 'toy K=4 n=4 d=2 (per-step overhead)', preset('toy'), 500);
} finally {
  await session.close();
}
