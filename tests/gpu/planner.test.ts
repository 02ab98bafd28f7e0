// The memory planner, in Node: bytes, block split, and the error a sweep that cannot fit gets.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { PLAN_TILES, PlanError, linearChunks, planMemory } from '../../src/gpu/memory-plan';

const GiB = 2 ** 30;
const H100 = { maxStorageBufferBindingSize: 4 * GiB - 4, maxBufferSize: 4 * GiB - 4, budgetBytes: 60 * GiB };
const DEFAULTS = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20, budgetBytes: 16 * GiB };

function ntk(width: number, K: number) {
  return parseConfig({ data: { kind: 'toy' }, model: { kind: 'ntk', width }, etas: Array.from({ length: K }, (_, k) => 2 ** k), steps: 1 });
}

describe('planMemory', () => {
  it('width 10^5, d = 784 with 4 stepsizes splits into blocks under the 128 MiB default binding', () => {
    const plan = planMemory(ntk(100_000, 4), 1000, 784, DEFAULTS);
    const perNeuron = 4 * 784 * 4;
    const perBlock = Math.floor((128 * 2 ** 20) / perNeuron);
    expect(plan.blocks.length).toBe(Math.ceil(100_000 / (perBlock - (perBlock % PLAN_TILES.ntkTile))));
    expect(plan.blocks.reduce((s, b) => s + b.size, 0)).toBe(100_000);
    for (const b of plan.blocks) expect(4 * b.size * 784 * 4).toBeLessThanOrEqual(128 * 2 ** 20);
    // W (K copies) + W0 dominate: ≈ 5 × 314 MB.
    expect(plan.totalBytes).toBeGreaterThan(5 * 100_000 * 784 * 4);
    expect(plan.totalBytes).toBeLessThan(1.2 * 5 * 100_000 * 784 * 4);
  });

  it('plans the same sweep in fewer blocks on a GPU with large bindings', () => {
    const plan = planMemory(ntk(100_000, 4), 1000, 784, H100);
    expect(plan.blocks.length).toBe(1);
  });

  it('refuses, naming the need and the limit, when the total exceeds the budget', () => {
    expect(() => planMemory(ntk(100_000, 16), 1000, 784, { ...DEFAULTS, budgetBytes: 2 * GiB })).toThrow(PlanError);
    expect(() => planMemory(ntk(100_000, 16), 1000, 784, { ...DEFAULTS, budgetBytes: 2 * GiB })).toThrow(
      /the sweep needs [\d.]+ MiB of GPU memory \(16 stepsizes, n = 1000, d = 784, m = 100000\), above the budget of 2048\.0 MiB/,
    );
  });

  it('refuses a data set larger than one binding', () => {
    const lin = parseConfig({ data: { kind: 'toy' }, etas: [1], steps: 1 });
    expect(() => planMemory(lin, 100_000, 784, DEFAULTS)).toThrow(/data X \(n×d fp32\) needs 299\.1 MiB in one binding, above the device's limit of 128\.0 MiB/);
  });

  it('the linear model is one block and small', () => {
    const lin = parseConfig({ data: { kind: 'toy' }, etas: [1, 2, 3, 4], steps: 1 });
    const plan = planMemory(lin, 1000, 784, DEFAULTS);
    expect(plan.blocks).toHaveLength(1);
    expect(plan.totalBytes).toBeLessThan(8 * 2 ** 20);
  });
});

describe('planMemory, NTK tile bookkeeping', () => {
  it('sign bits are one u32 per neuron per 32 samples, norm slots one per 64×64 backward tile', () => {
    // n = 130: 5 sign-bit words per neuron (the forward's 64-sample tiles write 2 each, the last 1).
    const plan = planMemory(ntk(300, 3), 130, 100, { ...DEFAULTS, maxStorageBufferBindingSize: 3 * 100 * 4 * 150 });
    expect(plan.blocks.map((b) => b.size)).toEqual([128, 128, 44]);
    expect(plan.blocks.map((b) => b.norms)).toEqual([2 * 2, 2 * 2, 2 * 1]);
    expect(plan.blocks.map((b) => b.chunks)).toEqual([1, 1, 1]);
    const masks = plan.buffers.filter((b) => b.name.startsWith('activation sign bits')).map((b) => b.bytes);
    expect(masks).toEqual([3 * 128 * 5 * 4, 3 * 128 * 5 * 4, 3 * 44 * 5 * 4]);
    expect(plan.numNorm).toBe(10);
  });

  it('with the opt-in 128×128 kernels, blocks are cut at multiples of 128; norm slots stay on the 64 grid', () => {
    // A 200-neuron binding: the default cuts at 192 (3 × 64), the 128 kernels at 128.
    const limits = { ...DEFAULTS, maxStorageBufferBindingSize: 3 * 100 * 4 * 200 };
    expect(planMemory(ntk(300, 3), 130, 100, limits).blocks.map((b) => b.size)).toEqual([192, 108]);
    const plan = planMemory(ntk(300, 3), 130, 100, { ...limits, ntkTile: PLAN_TILES.ntkTile128 });
    expect(plan.blocks.map((b) => b.size)).toEqual([128, 128, 44]);
    expect(plan.blocks.map((b) => b.norms)).toEqual([2 * 2, 2 * 2, 2 * 1]);
    expect(plan.blocks.map((b) => b.normBase)).toEqual([0, 4, 8]);
    // The dispatch-time cap: 1.2e8 / (2·4·256·784) = 74.7 neurons is raised to one tile, as the default
    // raises it to 64 (a part tile costs a dispatch about as much as a whole one).
    expect(planMemory(ntk(300, 4), 256, 784, { ...DEFAULTS, maxDispatchFlops: 1.2e8, ntkTile: 128 }).blocks.map((b) => b.size)).toEqual([128, 128, 44]);
  });
});

describe('planMemory, dispatch time', () => {
  it('cuts NTK blocks so that one dispatch stays under the work cap', () => {
    const plan = planMemory(ntk(1024, 4), 256, 784, { ...DEFAULTS, maxDispatchFlops: 1.2e8 });
    for (const b of plan.blocks) expect(2 * 4 * 256 * 784 * b.size).toBeLessThanOrEqual(1.2e8);
    expect(plan.blocks.reduce((s, b) => s + b.size, 0)).toBe(1024);
    // 1.2e8 / (2·4·256·784) = 74.7 neurons, rounded down to the 64-neuron tile: 64 per block.
    expect(plan.blocks.map((b) => b.size)).toEqual(new Array(16).fill(64));
  });
});

describe('planMemory, linear chunks', () => {
  it('cover every feature and sample once, stay short, and never outgrow the data', () => {
    for (const n of [1, 2, 63, 64, 130, 1000, 60_000]) {
      for (const d of [1, 5, 64, 257, 784]) {
        for (const K of [1, 5, 64, 1024]) {
          const c = linearChunks(n, d, K);
          const what = `n = ${n}, d = ${d}, K = ${K}`;
          // The last chunk is partial but not empty.
          expect(c.featChunk * (c.featChunks - 1), what).toBeLessThan(d);
          expect(c.featChunk * c.featChunks, what).toBeGreaterThanOrEqual(d);
          expect(c.gradChunk * (c.gradChunks - 1), what).toBeLessThan(n);
          expect(c.gradChunk * c.gradChunks, what).toBeGreaterThanOrEqual(n);
          expect(c.featChunks, what).toBeLessThanOrEqual(Math.max(1, Math.ceil(d / 64)));
          expect(K * c.featChunks * n, what).toBeLessThanOrEqual(Math.max(K * n, n * d));
          expect(K * c.gradChunks * d, what).toBeLessThanOrEqual(Math.max(K * d, n * d));
        }
      }
    }
    // mnist08 at K = 1 and 64: chains of ≤ 66 features and 32 + 32 (K = 1) or 67 + 15 (K = 64) samples.
    expect(linearChunks(1000, 784, 1)).toEqual({ featChunk: 61, featChunks: 13, gradChunk: 32, gradChunks: 32 });
    expect(linearChunks(1000, 784, 64)).toEqual({ featChunk: 66, featChunks: 12, gradChunk: 67, gradChunks: 15 });
  });

  it('accounts Xᵀ and both partial buffers', () => {
    const lin = parseConfig({ data: { kind: 'toy' }, etas: [1, 2, 3, 4, 5], steps: 1 });
    const plan = planMemory(lin, 1000, 784, DEFAULTS);
    const bytes = (prefix: string): number => plan.buffers.find((b) => b.name.startsWith(prefix))!.bytes;
    const c = linearChunks(1000, 784, 5);
    expect(bytes('data Xᵀ')).toBe(1000 * 784 * 4);
    expect(bytes('forward partials')).toBe(5 * c.featChunks * 1000 * 4);
    expect(bytes('partial gradients')).toBe(5 * c.gradChunks * 784 * 4);
    expect(plan).toMatchObject({ numChunks: c.featChunks, featChunk: c.featChunk, gradChunk: c.gradChunk, gradChunks: c.gradChunks });
  });

  it('accounts the momentum methods\' velocities (beside the weights: 2×K×d) and the ℓ2 term\'s sums (K×chunks after the partials), only where used', () => {
    const lin = (raw: Record<string, unknown>) => planMemory(parseConfig({ data: { kind: 'toy' }, etas: [1, 2, 3], steps: 1, ...raw }), 1000, 784, DEFAULTS);
    const has = (plan: ReturnType<typeof planMemory>, prefix: string): number | undefined => plan.buffers.find((b) => b.name.startsWith(prefix))?.bytes;
    const gd = lin({});
    expect(has(gd, 'weights W (')).toBe(3 * 784 * 4);
    for (const kind of ['heavyBall', 'nesterov']) {
      const plan = lin({ optimizer: { kind, beta: 0.9 } });
      expect(has(plan, 'weights W and velocities')).toBe(2 * 3 * 784 * 4);
      expect(plan.totalBytes - gd.totalBytes).toBe(3 * 784 * 4);
    }
    const l2 = lin({ loss: { kind: 'logistic', l2: 0.1 } });
    expect(has(l2, 'forward partials')! - has(gd, 'forward partials')!).toBe(3 * l2.numChunks * 4);
    expect(l2.totalBytes - gd.totalBytes).toBe(3 * l2.numChunks * 4);
  });

  it('NTK: the velocities halve the neurons a binding holds, and the ℓ2 sums follow the partials', () => {
    const ntkPlan = (raw: Record<string, unknown>) =>
      planMemory(parseConfig({ data: { kind: 'toy' }, model: { kind: 'ntk', width: 300 }, etas: [1, 2], steps: 1, ...raw }), 130, 100, { ...DEFAULTS, maxStorageBufferBindingSize: 2 * 100 * 4 * 128 });
    expect(ntkPlan({}).blocks.map((b) => b.size)).toEqual([128, 128, 44]);
    expect(ntkPlan({ optimizer: { kind: 'nesterov', beta: 0.9 } }).blocks.map((b) => b.size)).toEqual([64, 64, 64, 64, 44]);
    const gd = ntkPlan({});
    const l2 = ntkPlan({ loss: { kind: 'logistic', l2: 0.1 } });
    expect(l2.totalBytes - gd.totalBytes).toBe(2 * gd.numChunks * 4);
  });
});
