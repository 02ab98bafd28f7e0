// The linear model on the GPU (headless Chrome, software adapter) against the float64 reference.
//
// Tolerances: the GPU computes in fp32 (unit roundoff u = 6e-8). A margin x·w sums d ≤ 64 products,
// the losses are reduced in the log domain and the gradient sums n ≤ 256 terms, so the worst-case
// relative error is a few hundred u (~2e-5) and the typical one ~10u: 1e-5 relative for losses and
// gradient norms, 1e-4 for the update w1 − w0 (a difference of two rounded vectors) keeps a margin
// over what fp32 can promise and is still far tighter than any real bug.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toyData } from '../../src/core/data/toy';
import type { BrowserSession } from '../../src/node/browser';
import { both, config, diff, gaussianData, maxRel, normRel, pair, phaseTransition, randomState, setState, ALL_LOSSES as LOSSES, ALL_METRICS, launch } from './helpers';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

describe('linear model, one step from the same state', () => {
  for (const loss of LOSSES) {
    it(`${loss.kind}: loss, gradient and new weights match float64`, async () => {
      const data = gaussianData(200, 40, 3);
      const cfg = config({ loss, etas: [0.5, 2, 8] });
      const p = pair(session, cfg, data);
      const e = await p;
      const start = randomState(3, data.d, 1, 5);
      await setState(e, start);
      const recs = [{ offset: 0, metrics: ALL_METRICS }, { offset: 1, metrics: ALL_METRICS }];
      const [g, c] = await both(e, (en) => en.advance(1, recs));
      expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-5);
      for (const r of [0, 1]) {
        for (const m of ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'margin'] as const) {
          expect(maxRel(g.records[r].values[m]!, c.records[r].values[m]!), `${m} at offset ${r}`).toBeLessThan(1e-5);
        }
        expect(Array.from(g.records[r].values.accuracy!)).toEqual(Array.from(c.records[r].values.accuracy!));
      }
      const [sg, sc] = [await e.gpu.readState(), await e.cpu.readState()];
      for (let k = 0; k < 3; k++) {
        expect(normRel(sg.weights[k], sc.weights[k])).toBeLessThan(1e-6);
        expect(normRel(diff(sg.weights[k], start.weights[k]), diff(sc.weights[k], start.weights[k])), `update of run ${k}`).toBeLessThan(1e-4);
      }
      await e.gpu.dispose();
    });
  }
});

describe('linear model, sizes off the kernels\' chunks', () => {
  // The forward splits each x·w over chunks of features and the gradient over chunks of samples
  // (src/gpu/memory-plan.ts, linearChunks); n and d that are not multiples of the chunks or of the
  // 64-thread workgroups, down to a single sample or feature, and K not a multiple of the 4 runs per
  // thread, exercise every partial chunk and every clamp. The tolerances are the ones above: d ≤ 257
  // products per margin and n ≤ 300 terms per gradient coordinate, summed in chunks (about 64 and √n
  // terms each, then the chunks), stay well inside the few hundred u that 1e-5 allows.
  // n = 300 and d = 257 reach every lane of the forward's and linear_backward's 4 samples (features)
  // per thread, 64 apart, in a part-filled second workgroup of 256.
  it('n ∈ {1, 63, 130, 300} × d ∈ {1, 5, 257} × K ∈ {1, 5}: one GD step matches float64', async () => {
    for (const n of [1, 63, 130, 300]) {
      for (const d of [1, 5, 257]) {
        for (const K of [1, 5]) {
          const what = `n = ${n}, d = ${d}, K = ${K}`;
          const data = gaussianData(n, d, 10 + n + d);
          const e = await pair(session, config({ etas: [0.5, 2, 8, 1, 4].slice(0, K) }), data);
          const start = randomState(K, d, 1, n + d);
          await setState(e, start);
          const [g, c] = await both(e, (en) => en.advance(1, [{ offset: 0, metrics: ALL_METRICS }, { offset: 1, metrics: ALL_METRICS }]));
          expect(maxRel(g.stepLoss, c.stepLoss), what).toBeLessThan(1e-5);
          for (const r of [0, 1]) {
            for (const m of ['loss', 'gradNorm', 'distFromInit', 'margin'] as const) {
              expect(maxRel(g.records[r].values[m]!, c.records[r].values[m]!), `${what}: ${m} at offset ${r}`).toBeLessThan(1e-5);
            }
            expect(Array.from(g.records[r].values.accuracy!), what).toEqual(Array.from(c.records[r].values.accuracy!));
          }
          const [sg, sc] = [await e.gpu.readState(), await e.cpu.readState()];
          for (let k = 0; k < K; k++) {
            expect(normRel(diff(sg.weights[k], start.weights[k]), diff(sc.weights[k], start.weights[k])), `${what}: update of run ${k}`).toBeLessThan(1e-4);
          }
          await e.gpu.dispose();
        }
      }
    }
  });

  it('online SGD at n = 63, d = 5 and n = 130, d = 257 (K = 5) follows the reference for 30 steps', async () => {
    for (const [n, d] of [[63, 5], [130, 257]]) {
      const e = await pair(session, config({ optimizer: { kind: 'sgd', orderSeed: 5 }, etas: [0.5, 4, 1, 2, 0.25] }), gaussianData(n, d, 3));
      const recs = [{ offset: 0, metrics: ALL_METRICS }, { offset: 30, metrics: ALL_METRICS }];
      const [g, c] = await both(e, (en) => en.advance(30, recs));
      expect(maxRel(g.stepLoss, c.stepLoss), `n = ${n}, d = ${d}`).toBeLessThan(1e-4);
      expect(maxRel(g.records[1].values.gradNorm!, c.records[1].values.gradNorm!), `n = ${n}, d = ${d}`).toBeLessThan(1e-4);
      expect(maxRel(g.records[1].values.distFromInit!, c.records[1].values.distFromInit!), `n = ${n}, d = ${d}`).toBeLessThan(1e-4);
      await e.gpu.dispose();
    }
  });
});

describe('linear model, trajectories', () => {
  it('200 steps at a small η follow the float64 trajectory (loss within 1e-3)', async () => {
    // 6 stepsizes: two groups of 4 runs per thread, the second one partly empty.
    const data = gaussianData(250, 61, 7);
    const cfg = config({ etas: [0.05, 0.2, 0.1, 0.02, 0.3, 0.15] });
    const e = await pair(session, cfg, data);
    const [g, c] = await both(e, (en) => en.advance(200, [{ offset: 200, metrics: ALL_METRICS }]));
    expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-3);
    expect(maxRel(g.records[0].values.loss!, c.records[0].values.loss!)).toBeLessThan(1e-3);
    expect(maxRel(g.records[0].values.distFromInit!, c.records[0].values.distFromInit!)).toBeLessThan(1e-3);
    await e.gpu.dispose();
  });

  it('toy set at η = 32: phase transition within ±2 steps and loss at 2^12 within 5%', async () => {
    const etas = [4, 8, 16, 32];
    const e = await pair(session, config({ etas }), toyData());
    const T = 2 ** 12;
    const [g, c] = await both(e, (en) => en.advance(T, [{ offset: T, metrics: ['loss'] }]));
    const k = 3;
    const pg = phaseTransition(g.stepLoss, 4, k, 32);
    const pc = phaseTransition(c.stepLoss, 4, k, 32);
    console.log(`toy η = 32: phase transition at step ${pg} (GPU) vs ${pc} (CPU); L(w_4096) = ${g.records[0].values.loss![k]} vs ${c.records[0].values.loss![k]}`);
    expect(pc).toBeGreaterThan(0);
    expect(Math.abs(pg - pc)).toBeLessThanOrEqual(2);
    expect(maxRel(g.records[0].values.loss!, c.records[0].values.loss!)).toBeLessThan(0.05);
    await e.gpu.dispose();
  });

  it('a large-margin loss below 1e-20 (down to 1e-30) is reported within 1e-3 relative', async () => {
    // w = c·(0, 1) gives every toy sample the margin 0.2c; c = 288 and 345 put L near 1e-25 and 1e-30.
    for (const loss of [{ kind: 'logistic' }, { kind: 'flatExp', a: 1 }]) {
      const e = await pair(session, config({ loss, etas: [1, 2] }), toyData());
      const st = randomState(2, 2, 0, 1);
      st.weights = [Float64Array.of(0, 288), Float64Array.of(0, 345)];
      await setState(e, st);
      const [g, c] = await both(e, (en) => en.advance(0, [{ offset: 0, metrics: ['loss', 'expLoss'] }]));
      const lg = g.records[0].values.loss!;
      const lc = c.records[0].values.loss!;
      expect(lc[0]).toBeLessThan(1e-20);
      expect(lc[1]).toBeLessThan(1e-29);
      expect(maxRel(lg, lc), `${loss.kind}: ${lg} vs ${lc}`).toBeLessThan(1e-3);
      expect(maxRel(g.records[0].values.expLoss!, c.records[0].values.expLoss!)).toBeLessThan(1e-3);
      await e.gpu.dispose();
    }
  });

  it('divergence is detected at the same step as on the CPU, then NaN', async () => {
    const data = gaussianData(64, 8, 9);
    const e = await pair(session, config({ loss: { kind: 'exponential' }, etas: [0.1, 400], divergeAbove: 1e6 }), data);
    const [g, c] = await both(e, (en) => en.advance(30, [{ offset: 30, metrics: ['loss'] }]));
    expect(c.status).toEqual(['running', 'diverged']);
    expect(g.status).toEqual(c.status);
    expect(g.divergedAt).toEqual(c.divergedAt);
    expect(Number.isNaN(g.records[0].values.loss![1])).toBe(true);
    await e.gpu.dispose();
  });

  it('online SGD follows the seeded sample order of the reference', async () => {
    const data = gaussianData(128, 16, 4);
    const e = await pair(session, config({ optimizer: { kind: 'sgd', orderSeed: 77 }, etas: [0.5, 4] }), data);
    const recs = [{ offset: 0, metrics: ALL_METRICS }, { offset: 40, metrics: ALL_METRICS }];
    const [g, c] = await both(e, (en) => en.advance(40, recs));
    expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
    expect(maxRel(g.records[1].values.gradNorm!, c.records[1].values.gradNorm!)).toBeLessThan(1e-4);
    await e.gpu.dispose();
  });

  it('readState returns what writeState wrote, and advancing in pieces equals advancing at once', async () => {
    const data = gaussianData(100, 12, 2);
    const cfg = config({ etas: [1, 3] });
    const a = await pair(session, cfg, data);
    const st = randomState(2, 12, 0.3, 8);
    await a.gpu.writeState(st);
    const back = await a.gpu.readState();
    expect(normRel(back.weights[1], st.weights[1])).toBeLessThan(1e-7);
    const r1 = await a.gpu.advance(30, []);
    const r2 = await a.gpu.advance(20, [{ offset: 20, metrics: ['loss'] }]);
    await a.gpu.writeState(st);
    const whole = await a.gpu.advance(50, [{ offset: 50, metrics: ['loss'] }]);
    expect(Array.from(whole.stepLoss)).toEqual([...r1.stepLoss, ...r2.stepLoss]);
    expect(r2.startStep).toBe(30);
    await a.gpu.dispose();
  });
});

describe('linear model, sharpness', () => {
  it('power iteration on Hessian-vector products matches the reference (same start vector and iterations)', async () => {
    const data = gaussianData(128, 24, 6);
    const cfg = config({ etas: [0.5, 4], metrics: ['loss', 'sharpness'], record: { sharpnessIterations: 30 } });
    const e = await pair(session, cfg, data);
    const recs = [{ offset: 0, metrics: ['sharpness' as const] }, { offset: 10, metrics: ['loss' as const, 'sharpness' as const] }];
    const [g, c] = await both(e, (en) => en.advance(10, recs));
    for (const r of [0, 1]) {
      console.log(`sharpness at offset ${recs[r].offset}: GPU ${Array.from(g.records[r].values.sharpness!)} CPU ${Array.from(c.records[r].values.sharpness!)}`);
      expect(maxRel(g.records[r].values.sharpness!, c.records[r].values.sharpness!)).toBeLessThan(1e-4);
    }
    await e.gpu.dispose();
  });

  // The Hessian-vector product runs on the step's kernels (linear_forward on V, sharp_hcoef,
  // linear_backward on the Hessian weights, linear_hvp's chunk sum): n = 300 and d = 257 reach every
  // lane of the forward's and backward's 4 samples (features) per thread and several chunks of both;
  // n = 4 with K = 5 has a single chunk of samples (linear_hvp sums them itself, no linear_backward);
  // K = 5 fills a second group of 4 runs with one run; under online SGD the Hessian is still the
  // full one (all n samples), as in the reference. The tolerance is the one above.
  it('sizes off the kernels\' chunks and lanes, a single chunk of samples, SGD: sharpness matches float64', async () => {
    for (const [n, d, K, sgd] of [[300, 257, 5, 0], [4, 5, 5, 0], [63, 1, 1, 0], [130, 5, 2, 1]]) {
      const data = gaussianData(n, d, 7);
      const etas = [0.5, 1, 2, 4, 8].slice(0, K);
      const optimizer = sgd ? { kind: 'sgd', orderSeed: 3 } : { kind: 'gd' };
      const cfg = config({ etas, optimizer, metrics: ['loss', 'sharpness'], record: { sharpnessIterations: 30 } });
      const e = await pair(session, cfg, data);
      const recs = [{ offset: 0, metrics: ['sharpness' as const] }, { offset: 3, metrics: ['sharpness' as const] }];
      const [g, c] = await both(e, (en) => en.advance(3, recs));
      for (const r of [0, 1]) {
        expect(maxRel(g.records[r].values.sharpness!, c.records[r].values.sharpness!), `n = ${n}, d = ${d}, K = ${K}${sgd ? ', SGD' : ''}, offset ${recs[r].offset}`).toBeLessThan(1e-4);
      }
      await e.gpu.dispose();
    }
  });
});
