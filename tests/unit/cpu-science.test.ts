// What SCIENCE.md predicts, checked on the float64 reference engine.

import { describe, expect, it } from 'vitest';
import { toyData, TOY_MARGIN } from '../../src/core/data/toy';
import { twoPointData } from '../../src/core/data/two-point';
import { CpuEngine } from '../../src/cpu/reference-engine';
import { referenceBackend } from '../../src/cpu/backend';
import { engineFor } from '../../src/sweep/backend';
import { config, smallData, sweep } from './helpers';

describe('toy set, logistic loss (claims 1–3)', async () => {
  const cfg = config({ etas: [8, 16, 32], steps: 2 ** 16, metrics: ['loss'] });
  const res = await sweep(cfg, toyData());

  for (const run of res.runs) {
    it(`η = ${run.eta}: EoS spike above ln 2, transition within 64 steps, monotone after`, () => {
      const early = run.series.loss!.slice(1, 16) as number[];
      expect(Math.max(...early)).toBeGreaterThan(Math.LN2);
      expect(run.summary.phaseTransitionStep).not.toBeNull();
      expect(run.summary.phaseTransitionStep!).toBeLessThanOrEqual(64);
      expect(run.summary.monotoneAfterTransition).toBe(true);
      expect(run.summary.lastIncreaseStep!).toBeLessThanOrEqual(run.summary.phaseTransitionStep!);
      expect(run.status).toBe('done');
    });

    it(`η = ${run.eta}: η·t·L(w_t) at t = 2^16 within 15% of 1/γ² = 25`, () => {
      expect(run.summary.finalStep).toBe(2 ** 16);
      const target = 1 / TOY_MARGIN ** 2;
      expect(Math.abs(run.summary.etaTLoss! / target - 1)).toBeLessThan(0.15);
    });
  }

  it('at a fixed late step a larger η gives a smaller loss', () => {
    const finals = res.runs.map((r) => r.summary.finalLoss!);
    expect(finals[0]).toBeGreaterThan(finals[1]);
    expect(finals[1]).toBeGreaterThan(finals[2]);
  });
});

describe('two-point lower-bound set (claim 4)', () => {
  it('η = 1: the loss never increases and t·L(w_t) stays above a positive constant', async () => {
    const steps = 2 ** 16;
    const gamma = 0.05;
    const res = await sweep(config({ data: { kind: 'twoPoint', gamma }, etas: [1], steps, metrics: ['loss'] }), twoPointData(gamma));
    const run = res.runs[0];
    expect(run.summary.lossIncreases).toBe(0);
    const { step, loss } = run.series;
    const tl = step.map((t, i) => t * loss![i]!).filter((_, i) => step[i] >= 1);
    // The Ω(1/T) lower bound: t·L never falls below its value at t = 1 (it grows, in fact) ...
    expect(Math.min(...tl)).toBeGreaterThanOrEqual(tl[0]);
    expect(tl[0]).toBeGreaterThan(0.5);
    // ... and settles near C/η with C ≈ 1/γ² = 400, instead of drifting to 0 as a faster rate would.
    expect(Math.abs(run.summary.etaTLoss! * gamma ** 2 - 1)).toBeLessThan(0.15);
  });
});

describe('reference engine behaviour', () => {
  it('all η start from the same w_0 and the step-0 record is identical across η', async () => {
    const res = await sweep(config({ model: { kind: 'ntk', width: 8, initSeed: 1 }, etas: [0.1, 1, 10], steps: 3, metrics: ['loss', 'distFromInit', 'gradNorm'] }), smallData());
    const at0 = res.runs.map((r) => [r.series.loss![0], r.series.distFromInit![0], r.series.gradNorm![0]]);
    expect(at0[1]).toEqual(at0[0]);
    expect(at0[2]).toEqual(at0[0]);
    expect(at0[0][1]).toBe(0);
  });

  it('online SGD is deterministic for an order seed and differs across seeds', async () => {
    const run = async (orderSeed: number) =>
      (await sweep(config({ optimizer: { kind: 'sgd', orderSeed }, etas: [0.5], steps: 50 }), smallData())).runs[0].series.loss;
    expect(await run(1)).toEqual(await run(1));
    expect(await run(1)).not.toEqual(await run(2));
  });

  it('stops a diverging η, marks it, and finishes the others', async () => {
    // Exponential loss at a huge η overflows within a few steps; the small η carries on.
    const res = await sweep(config({ loss: { kind: 'exponential' }, etas: [0.1, 1e6], steps: 200 }), smallData(20, 4, 5));
    expect(res.runs[0].status).toBe('done');
    expect(res.runs[1].status).toBe('diverged');
    expect(res.runs[1].divergedAt).toBeGreaterThan(0);
    expect(res.runs[0].series.step.at(-1)).toBe(200);
    // No non-finite number is kept in a series.
    for (const r of res.runs) for (const v of r.series.loss!) expect(v === null || Number.isFinite(v)).toBe(true);
  });

  it('readState/writeState resume a run exactly', async () => {
    const cfg = config({ model: { kind: 'ntk', width: 6, initSeed: 3 }, etas: [0.5, 2], steps: 40 });
    const data = smallData();
    const a = new CpuEngine();
    await a.init({ config: cfg, data });
    await a.advance(20, []);
    const state = await a.readState();
    const b = new CpuEngine();
    await b.init({ config: cfg, data });
    await b.writeState(state);
    const ra = await a.advance(20, [{ offset: 20, metrics: ['loss'] }]);
    const rb = await b.advance(20, [{ offset: 20, metrics: ['loss'] }]);
    expect(rb.stepLoss).toEqual(ra.stepLoss);
    expect(rb.records).toEqual(ra.records);
  });

  // Both CPU engines keep their sharpness warm starts in the state (power iteration for the linear and
  // NTK models, Lanczos for the MLP), so a resumed run measures the same sharpness to the last bit.
  for (const model of [{ kind: 'ntk', width: 6, initSeed: 3 }, { kind: 'mlp', widths: [7], activation: 'tanh', initSeed: 2 }]) {
    it(`readState/writeState resume the ${model.kind} sharpness exactly`, async () => {
      const cfg = config({ model, etas: [0.5, 2], steps: 40, metrics: ['loss', 'sharpness'], record: { sharpnessIterations: 5 } });
      const data = smallData();
      const rec = [{ offset: 10, metrics: ['loss' as const, 'sharpness' as const] }];
      const a = engineFor(referenceBackend, cfg);
      await a.init({ config: cfg, data });
      await a.advance(10, rec); // five iterations leave the warm start far from converged
      const state = await a.readState();
      expect(state.eigenvectors).toHaveLength(2);
      const b = engineFor(referenceBackend, cfg);
      await b.init({ config: cfg, data });
      await b.writeState(state);
      const [ra, rb] = [await a.advance(10, rec), await b.advance(10, rec)];
      expect(rb.records[0].values.sharpness).toEqual(ra.records[0].values.sharpness);
      // A fresh warm start gives another value: the test would see a lost one.
      const c = engineFor(referenceBackend, cfg);
      await c.init({ config: cfg, data });
      await c.writeState({ ...state, eigenvectors: undefined });
      expect((await c.advance(10, rec)).records[0].values.sharpness).not.toEqual(ra.records[0].values.sharpness);
    });
  }

  it('writeState refuses a state of another shape, with what it expected', async () => {
    const e = new CpuEngine();
    await e.init({ config: config({ model: { kind: 'ntk', width: 6 }, etas: [0.5, 2] }), data: smallData() });
    const good = await e.readState();
    await expect(e.writeState({ ...good, weights: good.weights.slice(1) })).rejects.toThrow(/expected 2 weight vectors, got 1/);
    await expect(e.writeState({ ...good, weights: [good.weights[0], good.weights[1].subarray(1)] })).rejects.toThrow(/run 1 has 29 weights, expected 30/);
    await expect(e.writeState({ ...good, eigenvectors: [good.weights[0]] })).rejects.toThrow(/expected 2 eigenvectors, got 1/);
    await expect(e.writeState({ ...good, status: ['running'] })).rejects.toThrow(/status and divergence step of 2 runs/);
  });

  it('rejects record offsets that do not ascend within the chunk', async () => {
    const e = new CpuEngine();
    await e.init({ config: config({}), data: toyData() });
    await expect(e.advance(5, [{ offset: 6, metrics: ['loss'] }])).rejects.toThrow(/ascend strictly within 0..5/);
  });
});
