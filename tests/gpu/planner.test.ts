// The memory planner, in Node: bytes, block split, and the error a sweep that cannot fit gets.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { PlanError, planMemory } from '../../src/gpu/memory-plan';

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
    expect(plan.blocks.length).toBe(Math.ceil(100_000 / (Math.floor(128 * 2 ** 20 / perNeuron) - (Math.floor(128 * 2 ** 20 / perNeuron) % 32))));
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

describe('planMemory, dispatch time', () => {
  it('cuts NTK blocks so that one dispatch stays under the work cap', () => {
    const plan = planMemory(ntk(1024, 4), 256, 784, { ...DEFAULTS, maxDispatchFlops: 1.2e8 });
    for (const b of plan.blocks) expect(2 * 4 * 256 * 784 * b.size).toBeLessThanOrEqual(1.2e8);
    expect(plan.blocks.reduce((s, b) => s + b.size, 0)).toBe(1024);
    // 1.2e8 / (2·4·256·784) = 74.7 neurons, rounded down to the 32-neuron tile: 64 per block.
    expect(plan.blocks.map((b) => b.size)).toEqual(new Array(16).fill(64));
  });
});
