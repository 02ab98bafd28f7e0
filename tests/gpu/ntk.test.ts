// The two-layer ReLU network (NTK scaling) on the GPU against the float64 reference, and the
// neuron-block split that lets width 10^5 fit the binding limit.
//
// Tolerances: f sums m = 128..512 neurons of d-term dot products in fp32 (≈ d + m roundings, a
// few hundred u ≈ 2e-5 worst case); the gradient sums n terms on top. 1e-4 relative covers that
// with a margin; a sign flip of one pre-activation near 0 would show as a much larger error, and the
// data here keep every |x·w_s| far from fp32 rounding of 0.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import { both, config, diff, gaussianData, maxRel, normRel, pair, ALL_LOSSES as LOSSES, ALL_METRICS, launch } from './helpers';

let session: BrowserSession;

type Pair = Awaited<ReturnType<typeof pair>>;

/**
 * Advances both engines `steps` steps, recording at offset 0 and at the end, and holds the GPU to
 * float64: per-step losses, the recorded metrics (accuracy exactly), and each run's weight update.
 */
async function expectStepsMatch(e: Pair, steps: number, metrics: readonly ('loss' | 'expLoss' | 'gradNorm' | 'distFromInit' | 'margin')[]): Promise<void> {
  const start = await e.cpu.readState();
  const recs = [{ offset: 0, metrics: ALL_METRICS }, { offset: steps, metrics: ALL_METRICS }];
  const [g, c] = await both(e, (en) => en.advance(steps, recs));
  expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
  for (const r of [0, 1]) {
    for (const m of metrics) {
      expect(maxRel(g.records[r].values[m]!, c.records[r].values[m]!), `${m} at offset ${recs[r].offset}`).toBeLessThan(1e-4);
    }
    expect(Array.from(g.records[r].values.accuracy!)).toEqual(Array.from(c.records[r].values.accuracy!));
  }
  const [sg, sc] = [await e.gpu.readState(), await e.cpu.readState()];
  for (let k = 0; k < sg.weights.length; k++) {
    expect(normRel(diff(sg.weights[k], start.weights[k]), diff(sc.weights[k], start.weights[k])), `update of run ${k}`).toBeLessThan(1e-4);
  }
}

beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

describe('NTK network, one step from the same state', () => {
  for (const loss of LOSSES) {
    it(`${loss.kind}: loss, gradient and new weights match float64`, async () => {
      // Sizes that are not multiples of the 64-wide tiles (nor of the 32-sample sign-bit words).
      const data = gaussianData(90, 21, 13);
      const cfg = config({ loss, model: { kind: 'ntk', width: 150, initSeed: 4 }, etas: [1, 16] });
      const e = await pair(session, cfg, data);
      await expectStepsMatch(e, 1, ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'margin']);
      await e.gpu.dispose();
    });
  }

  it('online SGD matches the reference', async () => {
    const data = gaussianData(64, 16, 5);
    const e = await pair(session, config({ model: { kind: 'ntk', width: 96, initSeed: 2 }, optimizer: { kind: 'sgd', orderSeed: 9 }, etas: [2, 8] }), data);
    const [g, c] = await both(e, (en) => en.advance(20, [{ offset: 20, metrics: ALL_METRICS }]));
    expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
    expect(maxRel(g.records[0].values.distFromInit!, c.records[0].values.distFromInit!)).toBeLessThan(1e-4);
    await e.gpu.dispose();
  });
});

describe('NTK network, ragged sizes against float64', () => {
  // n, d and the block size off every tile edge: 64-sample forward tiles, 64×64 backward tiles,
  // 16-deep slices, 32-sample sign-bit words (two per forward tile), 256-neuron forward chunks.
  // maxBindingBytes, where set, forces blocks of 40 neurons (2 runs × d × 4 bytes each).
  // The m = 1 case's data seed leaves its single neuron active (a dead one has no update to compare).
  const cases: { n: number; d: number; m: number; binding?: number; seed?: number }[] = [
    { n: 1, d: 3, m: 1, seed: 100 },
    { n: 70, d: 100, m: 65 },
    { n: 130, d: 3, m: 300 },
    { n: 70, d: 100, m: 300, binding: 40 * 2 * 100 * 4 },
    { n: 33, d: 17, m: 513 },
  ];
  for (const { n, d, m, binding, seed } of cases) {
    it(`n = ${n}, d = ${d}, m = ${m}${binding ? ', blocks of 40' : ''}: two steps match`, async () => {
      const data = gaussianData(n, d, seed ?? 100 + n + d);
      const cfg = config({ model: { kind: 'ntk', width: m, initSeed: 7 }, etas: [1, 16] });
      const e = await pair(session, cfg, data, binding ? { maxBindingBytes: binding } : {});
      if (binding) {
        const plan = (await e.gpu.plan()) as { blocks: { size: number }[] };
        expect(plan.blocks.map((b) => b.size)).toEqual([...new Array<number>(7).fill(40), 20]);
      }
      await expectStepsMatch(e, 2, ['loss', 'gradNorm', 'distFromInit', 'margin']);
      await e.gpu.dispose();
    });
  }

  it('online SGD with samples past the first 64-sample tile', async () => {
    const data = gaussianData(130, 37, 21);
    const e = await pair(session, config({ model: { kind: 'ntk', width: 65, initSeed: 3 }, optimizer: { kind: 'sgd', orderSeed: 4 }, etas: [2, 8] }), data);
    const [g, c] = await both(e, (en) => en.advance(30, [{ offset: 30, metrics: ALL_METRICS }]));
    expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
    expect(maxRel(g.records[0].values.distFromInit!, c.records[0].values.distFromInit!)).toBeLessThan(1e-4);
    expect(maxRel(g.records[0].values.gradNorm!, c.records[0].values.gradNorm!)).toBeLessThan(1e-4);
    await e.gpu.dispose();
  });

  it('sharpness (ntk_forward and ntk_backward as the products, 64×64 tiles, a part-filled second sample tile) matches at n = 70, d = 100, m = 65', async () => {
    const data = gaussianData(70, 100, 8);
    const cfg = config({ model: { kind: 'ntk', width: 65, initSeed: 9 }, etas: [1, 8], metrics: ['loss', 'gradNorm', 'sharpness'], record: { sharpnessIterations: 20 } });
    const e = await pair(session, cfg, data);
    const recs = [{ offset: 0, metrics: ['sharpness' as const] }, { offset: 3, metrics: ['loss' as const, 'gradNorm' as const, 'sharpness' as const] }];
    const [g, c] = await both(e, (en) => en.advance(3, recs));
    for (const r of [0, 1]) expect(maxRel(g.records[r].values.sharpness!, c.records[r].values.sharpness!)).toBeLessThan(1e-3);
    // gradNorm after a sharpness step: hvp and backward write the same norm slots.
    expect(maxRel(g.records[1].values.gradNorm!, c.records[1].values.gradNorm!)).toBeLessThan(1e-4);
    await e.gpu.dispose();
  });
});

describe('NTK neuron blocks', () => {
  it('a binding limit forced small splits the neurons into blocks and gives the unsplit result', async () => {
    const data = gaussianData(128, 32, 17);
    const cfg = config({ model: { kind: 'ntk', width: 512, initSeed: 6 }, etas: [0.5, 4] });
    const whole = new RemoteGpuEngine(session);
    // 2 runs × 32 features × 4 bytes = 256 bytes per neuron: a 32 KiB binding holds 128 neurons.
    const split = new RemoteGpuEngine(session, { maxBindingBytes: 32 * 1024 });
    await whole.init({ config: cfg, data });
    await split.init({ config: cfg, data });
    const planWhole = (await whole.plan()) as { blocks: unknown[] };
    const planSplit = (await split.plan()) as { blocks: { size: number }[] };
    expect(planWhole.blocks).toHaveLength(1);
    expect(planSplit.blocks.map((b) => b.size)).toEqual([128, 128, 128, 128]);
    const recs = [{ offset: 5, metrics: ALL_METRICS }];
    const a = await whole.advance(5, recs);
    const b = await split.advance(5, recs);
    expect(maxRel(b.stepLoss, a.stepLoss)).toBeLessThan(1e-6);
    for (const m of ALL_METRICS) expect(maxRel(b.records[0].values[m]!, a.records[0].values[m]!), m).toBeLessThan(1e-5);
    const [sa, sb] = [await whole.readState(), await split.readState()];
    expect(normRel(sb.weights[1], sa.weights[1])).toBeLessThan(1e-6);
    await whole.dispose();
    await split.dispose();
  });

  it('a sweep that cannot fit gets the planner error before allocation, and the device stays usable', async () => {
    const data = gaussianData(64, 16, 1);
    const big = new RemoteGpuEngine(session, { budgetBytes: 256 * 1024 });
    const cfg = config({ model: { kind: 'ntk', width: 4096, initSeed: 1 }, etas: [1, 2, 4, 8] });
    await expect(big.init({ config: cfg, data })).rejects.toThrow(/needs .* of GPU memory .*m = 4096.*above the budget of 256\.0 KiB|above the budget/);
    const tiny = new RemoteGpuEngine(session, { maxBindingBytes: 1024 });
    await expect(tiny.init({ config: config({ model: { kind: 'ntk', width: 64, initSeed: 1 }, etas: [1, 2, 4, 8, 16] }), data })).rejects.toThrow(
      /data X \(n×d fp32\) needs 4\.0 KiB in one binding, above the device's limit of 1\.0 KiB/,
    );
    const ok = await pair(session, config({ model: { kind: 'ntk', width: 64, initSeed: 1 }, etas: [1] }), data);
    const [g, c] = await both(ok, (en) => en.advance(3, []));
    expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
    await ok.gpu.dispose();
  });
});

describe('NTK network, sharpness', () => {
  it('power iteration on Gauss–Newton Hessian-vector products matches the reference, split or not', async () => {
    const data = gaussianData(64, 16, 3);
    const cfg = config({ model: { kind: 'ntk', width: 96, initSeed: 5 }, etas: [1, 8], metrics: ['loss', 'sharpness'], record: { sharpnessIterations: 25 } });
    const e = await pair(session, cfg, data);
    const split = new RemoteGpuEngine(session, { maxBindingBytes: 4096 });
    await split.init({ config: cfg, data });
    expect(((await split.plan()) as { blocks: unknown[] }).blocks.length).toBeGreaterThan(1);
    const recs = [{ offset: 0, metrics: ['sharpness' as const] }, { offset: 6, metrics: ['loss' as const, 'sharpness' as const] }];
    const [g, c] = await both(e, (en) => en.advance(6, recs));
    const s = await split.advance(6, recs);
    for (const r of [0, 1]) {
      console.log(`NTK sharpness at offset ${recs[r].offset}: GPU ${Array.from(g.records[r].values.sharpness!)} CPU ${Array.from(c.records[r].values.sharpness!)}`);
      expect(maxRel(g.records[r].values.sharpness!, c.records[r].values.sharpness!)).toBeLessThan(1e-3);
      expect(maxRel(s.records[r].values.sharpness!, g.records[r].values.sharpness!)).toBeLessThan(1e-4);
    }
    await e.gpu.dispose();
    await split.dispose();
  });

  // A checkpoint carries the power iteration's vectors (EngineState.eigenvectors), split over neuron
  // blocks as W is, so a resumed sweep measures the same sharpness to the last bit. Few iterations keep
  // the warm start far from converged: losing it would change the value.
  it('a checkpoint resumes the sharpness bit for bit, over several neuron blocks', async () => {
    const data = gaussianData(64, 16, 3);
    const cfg = config({ model: { kind: 'ntk', width: 96, initSeed: 5 }, etas: [1, 8], metrics: ['loss', 'sharpness'], record: { sharpnessIterations: 3 } });
    const make = async (): Promise<RemoteGpuEngine> => {
      const g = new RemoteGpuEngine(session, { maxBindingBytes: 4096 });
      await g.init({ config: cfg, data });
      return g;
    };
    const [a, b, fresh] = [await make(), await make(), await make()];
    expect(((await a.plan()) as { blocks: unknown[] }).blocks.length).toBeGreaterThan(1);
    const rec = [{ offset: 4, metrics: ['loss' as const, 'sharpness' as const] }];
    await a.advance(4, rec);
    const state = await a.readState();
    expect(state.eigenvectors?.map((v) => v.length)).toEqual([96 * 16, 96 * 16]);
    for (const v of state.eigenvectors!) expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-6);
    await b.writeState(state);
    await fresh.writeState({ ...state, eigenvectors: undefined });
    const [ra, rb, rf] = [await a.advance(4, rec), await b.advance(4, rec), await fresh.advance(4, rec)];
    expect(Array.from(rb.records[0].values.sharpness!)).toEqual(Array.from(ra.records[0].values.sharpness!));
    expect(Array.from(rf.records[0].values.sharpness!)).not.toEqual(Array.from(ra.records[0].values.sharpness!));
    for (const g of [a, b, fresh]) await g.dispose();
  });
});
