// The opt-in 128×128-tile NTK kernels (GpuEngineOptions.ntkTile128: shaders/ntk_forward_t128.wgsl,
// shaders/ntk_backward_t128.wgsl) against the float64 reference and against the default 64×64 GPU
// path, on sizes off every edge of the new kernels: 128-sample and 128-neuron tiles (n, m = 129, 150,
// 300; m = 100 below one tile), 128-feature tiles (d = 137, 100, 9), 8-deep slices (d = 137, 9, 17),
// 32-sample sign-bit words (four per tile), 256-neuron forward chunks (m = 300, 513), neuron blocks
// cut at 128 and below it.
//
// Tolerances. Against float64: ntk.test.ts's 1e-4 relative for losses and norms (f sums m neurons
// of d-term dot products in fp32, the gradient n terms on top: a few hundred u ≈ 2e-5 worst case),
// 1e-3 for sharpness (power iteration), accuracy exact. Against the default GPU path: both kernels sum
// each pre-activation over the features in order and each gradient entry over the samples in order,
// and a thread's running Σ a_s relu(p) visits the same neurons (ts mod 16) in the same order, so the
// losses differ at most by how a compiler contracts a*b + c: held to 1e-6 (observed on SwiftShader:
// bit-equal). The norm partials are summed in other groups (per 128×128 tile instead of per 64×64
// tile), so gradNorm, distFromInit and the margin (min z over ‖w‖) are held to 1e-5 (observed
// ≤ 1.2e-7). Sharpness comes from the same 64×64 kernels either way: 1e-4 (observed bit-equal).
// Weight updates: see compareUpdates.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig, MetricName } from '../../src/core/config-types';
import type { Dataset } from '../../src/core/data/dataset';
import type { AdvanceResult, RecordRequest } from '../../src/core/engine';
import { sgdSample } from '../../src/core/rng';
import type { WireEngineOptions } from '../../src/gpu/host-api';
import type { BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import { ALL_METRICS, config, diff, expectSameDivergence, gaussianData, launch, maxRel, normRel, variantTrio, type VariantTrio } from './helpers';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

const TILE_NAME = '(NTK 128×128 tiles)';
/** Exact in both kernels' summation order (see above). */
const SAME_ORDER = ['loss', 'expLoss'] as const;

type Trio = VariantTrio;

/** The 128-tile engine and the float64 reference, plus the default GPU path, all from the same w0. */
function trio(cfg: ExperimentConfig, data: Dataset, opts: WireEngineOptions = {}, plainOpts = opts): Promise<Trio> {
  return variantTrio(session, cfg, data, { ...opts, ntkTile128: true }, { active: TILE_NAME, inactive: '128' }, plainOpts);
}

async function dispose(e: Trio): Promise<void> {
  await e.gpu.dispose();
  await e.plain.dispose();
}

let worstRef = 0;
let worstPlain = 0;
/** Largest ‖Δw − Δw_other‖ over its bound (compareUpdates), against float64 and the default path. */
const worstUpdate = { float64: 0, 'default GPU': 0 };

/** `t` (128 tiles) against float64 `c` and the default GPU path `g`: step losses, every record, accuracy exactly. */
function compare(t: AdvanceResult, c: AdvanceResult, g: AdvanceResult, what: string): void {
  for (const [o, name] of [[c, 'float64'], [g, 'default GPU']] as const) {
    expect(t.status, `${what} vs ${name}`).toEqual(o.status);
    expect(t.divergedAt, `${what} vs ${name}`).toEqual(o.divergedAt);
  }
  expect(maxRel(t.stepLoss, c.stepLoss), `${what}: step losses vs float64`).toBeLessThan(1e-4);
  expect(maxRel(t.stepLoss, g.stepLoss), `${what}: step losses vs default GPU`).toBeLessThan(1e-6);
  worstRef = Math.max(worstRef, maxRel(t.stepLoss, c.stepLoss));
  worstPlain = Math.max(worstPlain, maxRel(t.stepLoss, g.stepLoss));
  t.records.forEach((rt, r) => {
    const at = `${what}, step ${rt.step}`;
    for (const [m, v] of Object.entries(rt.values) as [MetricName, Float64Array][]) {
      const vc = c.records[r].values[m]!;
      const vg = g.records[r].values[m]!;
      if (m === 'accuracy') {
        expect(Array.from(v), `${at}: accuracy vs float64`).toEqual(Array.from(vc));
        expect(Array.from(v), `${at}: accuracy vs default GPU`).toEqual(Array.from(vg));
        continue;
      }
      const tolRef = m === 'sharpness' ? 1e-3 : 1e-4;
      const tolPlain = m === 'sharpness' ? 1e-4 : (SAME_ORDER as readonly string[]).includes(m) ? 1e-6 : 1e-5;
      expect(maxRel(v, vc), `${at}: ${m} vs float64`).toBeLessThan(tolRef);
      expect(maxRel(v, vg), `${at}: ${m} vs default GPU`).toBeLessThan(tolPlain);
    }
  });
}

const norm = (a: ArrayLike<number>): number => Math.sqrt(Array.from(a).reduce((acc, v) => acc + v * v, 0));

/**
 * Each run's update Δw = w_end − w_start of the 128 path against float64 and the default path:
 * ‖Δw − Δw_other‖ ≤ rel·‖Δw_other‖ + steps·2⁻²⁴·‖w_end‖. The second term is W's own storage: the GPU
 * keeps W in fp32, and each step's store rounds every weight by up to half an ulp (≤ 2⁻²⁴ |w|), which
 * at η = 1 is ≈ 1e-4 of the update (observed against float64: 0.43 of that term after one step, and
 * ≤ 0.25 of the whole bound after these tests' 3 steps; bit-equal against the default path).
 * rel: 1e-5 against float64 (the gradient's fp32 sums), 1e-6 against the default path (same order).
 * A lost sample, neuron or feature slice moves Δw by ≈ 1/n, 1/m or 8/d of itself, far above either.
 */
async function compareUpdates(e: Trio, start: Starts, steps: number, what: string): Promise<void> {
  const [st, sc, sg] = [await e.gpu.readState(), await e.cpu.readState(), await e.plain.readState()];
  for (let k = 0; k < st.weights.length; k++) {
    const dt = diff(st.weights[k], start.gpu[k]);
    for (const [other, from, name, rel] of [[sc, start.cpu, 'float64', 1e-5], [sg, start.plain, 'default GPU', 1e-6]] as const) {
      const d = diff(other.weights[k], from[k]);
      const bound = rel * norm(d) + steps * 2 ** -24 * norm(other.weights[k]);
      const ratio = norm(diff(dt, d)) / bound;
      worstUpdate[name] = Math.max(worstUpdate[name], ratio);
      expect(ratio, `${what}: update of run ${k} vs ${name}, over its bound`).toBeLessThan(1);
    }
  }
}

/**
 * Each engine's weights before the steps: the GPU's are w0 rounded to fp32, float64's w0 itself (a
 * shared fp32 start would do for the updates, but distFromInit measures from each engine's own w0).
 */
interface Starts {
  gpu: Float64Array[];
  cpu: Float64Array[];
  plain: Float64Array[];
}
async function starts(e: Trio): Promise<Starts> {
  return { gpu: (await e.gpu.readState()).weights, cpu: (await e.cpu.readState()).weights, plain: (await e.plain.readState()).weights };
}

async function advanceAll(e: Trio, steps: number, recs: RecordRequest[]): Promise<[AdvanceResult, AdvanceResult, AdvanceResult]> {
  return [await e.gpu.advance(steps, recs), await e.cpu.advance(steps, recs), await e.plain.advance(steps, recs)];
}

describe('NTK 128×128 tiles, GD on ragged sizes', () => {
  // binding, where set, caps the neurons per block (K × d × 4 bytes each): blocks cut below a tile
  // (40), or at the 128 tile: the 128 path's planner cuts a 200-neuron cap to 128 (the default one's
  // to 192, so the default engine there gets a 128-neuron cap: the same blocks, hence the same sums).
  const cases: { n: number; d: number; m: number; K: number; binding?: number; plainBinding?: number; blocks?: number[]; seed?: number }[] = [
    { n: 150, d: 137, m: 300, K: 2 },
    { n: 150, d: 137, m: 100, K: 3 },
    { n: 129, d: 9, m: 129, K: 2 },
    { n: 33, d: 17, m: 513, K: 2 },
    { n: 1, d: 3, m: 1, K: 2, seed: 100 },
    { n: 70, d: 100, m: 300, K: 2, binding: 40 * 2 * 100 * 4, blocks: [...new Array<number>(7).fill(40), 20] },
    { n: 150, d: 100, m: 300, K: 2, binding: 200 * 2 * 100 * 4, plainBinding: 128 * 2 * 100 * 4, blocks: [128, 128, 44] },
  ];
  for (const { n, d, m, K, binding, plainBinding, blocks, seed } of cases) {
    it(`n = ${n}, d = ${d}, m = ${m}, K = ${K}${blocks ? `, blocks of ${blocks[0]}` : ''}: 3 steps match float64 and the default path`, async () => {
      const what = `n = ${n}, d = ${d}, m = ${m}`;
      const data = gaussianData(n, d, seed ?? 200 + n + d);
      const etas = [1, 16, 4].slice(0, K);
      const cfg = config({ model: { kind: 'ntk', width: m, initSeed: 7 }, etas });
      const opts = binding ? { maxBindingBytes: binding } : {};
      const e = await trio(cfg, data, opts, plainBinding ? { maxBindingBytes: plainBinding } : opts);
      if (blocks) {
        for (const en of [e.gpu, e.plain]) expect(((await en.plan()) as { blocks: { size: number }[] }).blocks.map((b) => b.size)).toEqual(blocks);
      }
      const start = await starts(e);
      const recs = [0, 1, 3].map((offset) => ({ offset, metrics: ALL_METRICS }));
      const [t, c, g] = await advanceAll(e, 3, recs);
      compare(t, c, g, what);
      await compareUpdates(e, start, 3, what);
      await dispose(e);
    });
  }

  // The observed margins (the header's "observed" figures), logged once the cases above have run:
  // a log, not a test, so it has no it() of its own.
  afterAll(() => {
    console.log(
      `128×128 tiles, ragged GD: step losses within ${worstRef.toExponential(2)} of float64, ${worstPlain.toExponential(2)} of the default GPU path; ` +
        `updates at ${worstUpdate.float64.toFixed(3)} and ${worstUpdate['default GPU'].toFixed(3)} of their bounds`,
    );
  });
});

describe('NTK 128×128 tiles, other paths', () => {
  it('online SGD (one-sample backward) with samples past the first 128-sample tile', async () => {
    const data = gaussianData(150, 37, 21);
    const cfg = config({ model: { kind: 'ntk', width: 200, initSeed: 3 }, optimizer: { kind: 'sgd', orderSeed: 4 }, etas: [2, 8] });
    expect(Array.from({ length: 30 }, (_, s) => sgdSample(4, s, 150)).some((i) => i >= 128), 'a sample in the second tile').toBe(true);
    const e = await trio(cfg, data);
    const start = await starts(e);
    // gradNorm makes each recorded SGD step also run the full-gradient backward (backwardMeasure).
    const recs = [5, 17, 30].map((offset) => ({ offset, metrics: ALL_METRICS }));
    const [t, c, g] = await advanceAll(e, 30, recs);
    compare(t, c, g, 'SGD');
    await compareUpdates(e, start, 30, 'SGD');
    await dispose(e);
  });

  it('sharpness steps (64×64 Hessian-vector products in the norm slots) leave the next steps\' norms right', async () => {
    // d = 70, m = 200: ⌈70/64⌉·⌈200/64⌉ = 8 norm slots per run, of which the 128 backward's tiles
    // cover 1·2 with their sums; the sharpness's ntk_backward fills all 8 at every sharpness step, so a stale slot would
    // show in the gradNorm and distFromInit recorded at the next step. Six power iterations fill the
    // slots as twenty do (each iteration's HVP writes all 8), at a third of the time.
    const data = gaussianData(150, 70, 8);
    const cfg = config({ model: { kind: 'ntk', width: 200, initSeed: 9 }, etas: [1, 8], metrics: ['loss', 'gradNorm', 'distFromInit', 'sharpness'], record: { sharpnessIterations: 6 } });
    const e = await trio(cfg, data);
    const metrics: MetricName[] = ['loss', 'gradNorm', 'distFromInit', 'sharpness'];
    const recs = [0, 1, 2, 4].map((offset) => ({ offset, metrics }));
    const [t, c, g] = await advanceAll(e, 4, recs);
    for (const r of t.records) console.log(`128 tiles, sharpness at step ${r.step}: ${Array.from(r.values.sharpness!).map((v) => v.toPrecision(6)).join(', ')}`);
    compare(t, c, g, 'sharpness');
    await dispose(e);
  });

  it('a diverging run stops at the reference\'s step, and its weights stop updating', async () => {
    const data = gaussianData(150, 20, 9);
    const cfg = config({ model: { kind: 'ntk', width: 150, initSeed: 5 }, loss: { kind: 'exponential' }, etas: [0.5, 300], divergeAbove: 1e6 });
    const e = await trio(cfg, data);
    const recs = [{ offset: 12, metrics: ['loss' as const] }];
    const [t, c, g] = await advanceAll(e, 12, recs);
    expectSameDivergence(t, c, g);
    expect(maxRel(t.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
    expect(maxRel(t.stepLoss, g.stepLoss)).toBeLessThan(1e-6);
    const [st, sg] = [await e.gpu.readState(), await e.plain.readState()];
    expect(normRel(st.weights[0], sg.weights[0])).toBeLessThan(1e-6);
    expect(normRel(st.weights[1], sg.weights[1])).toBeLessThan(1e-6);
    // Stopped: two more steps leave the diverged run's weights as they were.
    await e.gpu.advance(2, []);
    expect(Array.from((await e.gpu.readState()).weights[1])).toEqual(Array.from(st.weights[1]));
    await dispose(e);
  });

  it('the option leaves the linear model on its own kernels', async () => {
    const e = new RemoteGpuEngine(session, { ntkTile128: true });
    await e.init({ config: config({ etas: [1] }), data: gaussianData(16, 4, 1) });
    expect(e.info.name).not.toContain('128');
    await e.dispose();
  });
});
