// The fused linear path on mnist08-sized data (n = 1000, d = 784, K = 64, 20 steps) against the
// float64 reference and the default GPU path: a minute or more on the software adapter, so
// `npm run test:long`; tests/gpu/linear-fused.test.ts covers the same kernels on sizes off their edges.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../../src/node/browser';
import { ALL_METRICS, config, gaussianData, launch, maxRel, normRel } from '../gpu/helpers';
import { compareFused as compare, fusedTrio } from '../gpu/fused-compare';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

describe('fused linear GD at mnist08 size', () => {
  it('mnist08-sized gaussian data (n = 1000, d = 784, K = 64): 20 steps match float64 and the default path', async () => {
    const data = gaussianData(1000, 784, 8);
    const K = 64;
    const etas = Array.from({ length: K }, (_, k) => 0.5 * 2 ** (k / 8)); // 0.5 … 128
    const e = await fusedTrio(session, config({ etas, metrics: ALL_METRICS }), data);
    const recs = [0, 10, 20].map((offset) => ({ offset, metrics: ALL_METRICS }));
    const f = await e.gpu.advance(20, recs);
    const c = await e.cpu.advance(20, recs);
    const g = await e.plain.advance(20, recs);
    console.log(`mnist08-sized: step losses within ${maxRel(f.stepLoss, c.stepLoss).toExponential(2)} of float64, ${maxRel(f.stepLoss, g.stepLoss).toExponential(2)} of the default path`);
    compare(f, c, 1000, 'vs float64', 1e-5, 1e-4);
    compare(f, g, 1000, 'vs default GPU', 1e-5, 1e-4);
    const [sf, sc, sg] = [await e.gpu.readState(), await e.cpu.readState(), await e.plain.readState()];
    for (let k = 0; k < K; k++) {
      expect(normRel(sf.weights[k], sc.weights[k]), `run ${k}`).toBeLessThan(1e-4);
      expect(normRel(sf.weights[k], sg.weights[k]), `run ${k} vs default`).toBeLessThan(1e-4);
    }
    await e.gpu.dispose();
    await e.plain.dispose();
  });
});
