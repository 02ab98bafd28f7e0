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
import type { AdvanceResult } from '../../src/core/engine';
import type { BrowserSession } from '../../src/node/browser';
import type { ExperimentConfig } from '../../src/core/config-types';
import type { Dataset } from '../../src/core/data/dataset';
import { ALL_METRICS, config, diff, expectSameDivergence, gaussianData, launch, maxRel, normRel, randomState, setState, variantTrio, type VariantTrio } from './helpers';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

const MEASURED = ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'margin'] as const;

/** The fused engine and the float64 reference, plus the default GPU path on the same problem. */
function trio(cfg: ExperimentConfig, data: Dataset): Promise<VariantTrio> {
  return variantTrio(session, cfg, data, { linearFused: true }, { active: 'fused linear GD', inactive: 'fused' });
}

function accuracyOff(a: Float64Array, b: Float64Array, n: number): number {
  let worst = 0;
  for (let k = 0; k < b.length; k++) worst = Math.max(worst, Math.round(Math.abs(a[k] - b[k]) * n));
  return worst;
}

/** Every record and the step losses of `a` against `b`: offset-0 record at tol0, the rest at tol. */
function compare(a: AdvanceResult, b: AdvanceResult, n: number, what: string, tol0: number, tol: number): void {
  expect(a.status, what).toEqual(b.status);
  expect(a.divergedAt, what).toEqual(b.divergedAt);
  expect(maxRel(a.stepLoss.subarray(0, a.stepLoss.length / a.steps), b.stepLoss.subarray(0, b.stepLoss.length / b.steps)), `${what}: first step loss`).toBeLessThan(tol0);
  expect(maxRel(a.stepLoss, b.stepLoss), `${what}: step losses`).toBeLessThan(tol);
  a.records.forEach((ra, r) => {
    const rb = b.records[r];
    expect(ra.step, what).toBe(rb.step);
    const t = ra.step === a.startStep ? tol0 : tol;
    for (const m of MEASURED) expect(maxRel(ra.values[m]!, rb.values[m]!), `${what}: ${m} at step ${ra.step}`).toBeLessThan(t);
    const off = accuracyOff(ra.values.accuracy!, rb.values.accuracy!, n);
    expect(off, `${what}: accuracy at step ${ra.step}`).toBeLessThanOrEqual(ra.step === a.startStep ? 0 : 1);
  });
}

describe('fused linear GD', () => {
  it('n ∈ {1, 63, 130} × d ∈ {1, 5, 257} × K ∈ {1, 5, 64}: 3 steps match float64 and the default path', async () => {
    let worstRef = 0;
    let worstPlain = 0;
    for (const n of [1, 63, 130]) {
      for (const d of [1, 5, 257]) {
        for (const K of [1, 5, 64]) {
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
      }
    }
    console.log(`small grid: step losses within ${worstRef.toExponential(2)} of float64, ${worstPlain.toExponential(2)} of the default path`);
  });

  it('mnist08-sized gaussian data (n = 1000, d = 784, K = 64): 20 steps match float64 and the default path', async () => {
    const data = gaussianData(1000, 784, 8);
    const K = 64;
    const etas = Array.from({ length: K }, (_, k) => 0.5 * 2 ** (k / 8)); // 0.5 … 128
    const e = await trio(config({ etas, metrics: ALL_METRICS }), data);
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
