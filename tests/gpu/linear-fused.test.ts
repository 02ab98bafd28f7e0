// The opt-in fused linear GD path (GpuEngineOptions.linearFused, src/gpu/fused-encoder.ts,
// shaders/linear_fused.wgsl) against the float64 reference and against the default GPU path.
//
// Tolerances: the fused kernel computes the same fp32 quantities as the default path in another
// summation order (a margin is one chain of d products instead of chunks of about 64 summed by
// stats; a gradient coordinate one chain of n terms instead of √n chunks of √n; the reductions merge
// 16 × 16 partials instead of 8 × 8). With d ≤ 784 and n ≤ 1000 the worst-case relative error of
// such a sum is (d or n)·u ≈ 6e-5 but the typical one is √(d or n)·u ≈ 2e-6, so from one state the
// tests hold the first record to linear.test.ts's 1e-5 (losses, norms, margin), accuracy exact, and
// the update w1 − w0 to 1e-4. Later steps start from states that already differ by that rounding,
// which GD carries forward (and at large η amplifies), so multi-step records are held to 1e-4 and
// accuracy to one sample.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../../src/node/browser';
import type { ExperimentConfig } from '../../src/core/config-types';
import type { Dataset } from '../../src/core/data/dataset';
import { ALL_METRICS, config, diff, expectSameDivergence, gaussianData, launch, maxRel, normRel, randomState, setState, type VariantTrio } from './helpers';
import { compareFused, fusedTrio } from './fused-compare';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

/** The fused engine and the float64 reference, plus the default GPU path on the same problem. */
const trio = (cfg: ExperimentConfig, data: Dataset): Promise<VariantTrio> => fusedTrio(session, cfg, data);
const compare = compareFused;

/**
 * Each of n, d and K at a chunk edge or off it, as a Latin square: 9 cases that hold every pair of
 * values (n with d, n with K, d with K) once, where the full 27-case grid added only triples. The
 * mnist08-sized case (n = 1000, d = 784, K = 64) is in tests/long/gpu-linear-fused-mnist.test.ts.
 */
const LATIN_GRID: [number, number, number][] = [
  [1, 1, 1], [1, 5, 5], [1, 257, 64],
  [63, 1, 5], [63, 5, 64], [63, 257, 1],
  [130, 1, 64], [130, 5, 1], [130, 257, 5],
];

describe('fused linear GD', () => {
  it('every pair of n ∈ {1, 63, 130}, d ∈ {1, 5, 257}, K ∈ {1, 5, 64}: 3 steps match float64 and the default path', async () => {
    let worstRef = 0;
    let worstPlain = 0;
    for (const [n, d, K] of LATIN_GRID) {
      const what = `n = ${n}, d = ${d}, K = ${K}`;
      const data = gaussianData(n, d, 10 + n + d);
      const etas = Array.from({ length: K }, (_, k) => [0.5, 2, 8, 1, 4][k % 5] * (1 + k / 64));
      const e = await trio(config({ etas, metrics: ALL_METRICS }), data);
      const start = randomState(K, d, 1, n + d);
      await setState(e, start);
      await e.plain.writeState(start);
      const recs = [0, 1, 3].map((offset) => ({ offset, metrics: ALL_METRICS }));
      const f = await e.gpu.advance(3, recs);
      const c = await e.cpu.advance(3, recs);
      const g = await e.plain.advance(3, recs);
      compare(f, c, n, `${what} vs float64`, 1e-5, 1e-4);
      compare(f, g, n, `${what} vs default GPU`, 1e-5, 1e-4);
      worstRef = Math.max(worstRef, maxRel(f.stepLoss, c.stepLoss));
      worstPlain = Math.max(worstPlain, maxRel(f.stepLoss, g.stepLoss));
      const [sf, sc, sg] = [await e.gpu.readState(), await e.cpu.readState(), await e.plain.readState()];
      for (let k = 0; k < K; k++) {
        expect(normRel(diff(sf.weights[k], start.weights[k]), diff(sc.weights[k], start.weights[k])), `${what}: update of run ${k}`).toBeLessThan(1e-4);
        expect(normRel(diff(sf.weights[k], start.weights[k]), diff(sg.weights[k], start.weights[k])), `${what}: update of run ${k} vs default`).toBeLessThan(1e-4);
      }
      await e.gpu.dispose();
      await e.plain.dispose();
    }
    console.log(`small grid: step losses within ${worstRef.toExponential(2)} of float64, ${worstPlain.toExponential(2)} of the default path`);
  });

  it('a diverging run stops at the reference\'s step, and its weights stop updating', async () => {
    const data = gaussianData(64, 8, 9);
    const e = await trio(config({ loss: { kind: 'exponential' }, etas: [0.1, 400], divergeAbove: 1e6 }), data);
    const recs = [{ offset: 30, metrics: ['loss' as const] }];
    const f = await e.gpu.advance(30, recs);
    const c = await e.cpu.advance(30, recs);
    const g = await e.plain.advance(30, recs);
    expectSameDivergence(f, c, g);
    // Step losses agree where the reference reports them (NaN from the divergence on).
    expect(maxRel(f.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
    const [sf, sg] = [await e.gpu.readState(), await e.plain.readState()];
    expect(normRel(sf.weights[1], sg.weights[1])).toBeLessThan(1e-4);
    expect(normRel(sf.weights[0], sg.weights[0])).toBeLessThan(1e-5);
    await e.gpu.dispose();
    await e.plain.dispose();
  });

  it('steps that record sharpness take the default path; the rest stay fused and agree', async () => {
    const data = gaussianData(128, 24, 6);
    const cfg = config({ etas: [0.5, 4], metrics: ['loss', 'gradNorm', 'sharpness'], record: { sharpnessIterations: 30 } });
    const e = await trio(cfg, data);
    const recs = [
      { offset: 0, metrics: ['sharpness' as const] },
      { offset: 5, metrics: ['loss' as const, 'gradNorm' as const, 'sharpness' as const] },
      { offset: 7, metrics: ['loss' as const, 'gradNorm' as const] },
      { offset: 10, metrics: ['loss' as const, 'sharpness' as const] },
    ];
    const f = await e.gpu.advance(10, recs);
    const c = await e.cpu.advance(10, recs);
    const g = await e.plain.advance(10, recs);
    expect(maxRel(f.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
    expect(maxRel(f.stepLoss, g.stepLoss)).toBeLessThan(1e-4);
    for (let r = 0; r < recs.length; r++) {
      for (const [m, v] of Object.entries(f.records[r].values)) {
        expect(maxRel(v, c.records[r].values[m as 'loss']!), `${m} at offset ${recs[r].offset}`).toBeLessThan(1e-4);
        expect(maxRel(v, g.records[r].values[m as 'loss']!), `${m} at offset ${recs[r].offset} vs default`).toBeLessThan(1e-4);
      }
    }
    // Continuing in a second call (a fresh chunk header) stays on the same trajectory.
    const f2 = await e.gpu.advance(5, [{ offset: 5, metrics: ['loss'] }]);
    const c2 = await e.cpu.advance(5, [{ offset: 5, metrics: ['loss'] }]);
    expect(f2.startStep).toBe(10);
    expect(maxRel(f2.stepLoss, c2.stepLoss)).toBeLessThan(1e-4);
    expect(maxRel(f2.records[0].values.loss!, c2.records[0].values.loss!)).toBeLessThan(1e-4);
    await e.gpu.dispose();
    await e.plain.dispose();
  });
});
