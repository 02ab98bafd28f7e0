// The fast CPU engine (WebAssembly SIMD, worker threads) against the float64 reference: its sums run
// in the reference's order, so per-step losses, records and weights must be equal bit for bit (the
// issue asks for 1e-12 relative; equality is checked, which implies it), for any thread count.
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import type { MnistDataConfig } from '../../src/core/config-types';
import type { Dataset } from '../../src/core/data/dataset';
import { loadDataset } from '../../src/core/data/load';
import type { AdvanceResult, Engine, RecordRequest } from '../../src/core/engine';
import { cpuBackend } from '../../src/cpu/backend';
import { FastCpuEngine } from '../../src/cpu/fast/fast-engine';
import { makePlan } from '../../src/cpu/fast/plan';
import { nodePlatform } from '../../src/cpu/fast/node-threads';
import { MlpCpuEngine } from '../../src/cpu/mlp-engine';
import { CpuEngine } from '../../src/cpu/reference-engine';
import { engineFor } from '../../src/sweep/backend';
import { runSweep, type Progress } from '../../src/sweep/run-sweep';
import { nodeDataIO } from '../../src/node/data-io';
import { smallData } from './helpers';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.dispose()));
});

const ALL_METRICS = ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'accuracy', 'margin', 'sharpness'] as const;

function mnist(n: number): MnistDataConfig {
  return { kind: 'mnist', digits: [0, 8], n, split: 'test', scaling: 'pixel', subsetSeed: 0 };
}

async function advanceBoth(raw: Record<string, unknown>, data: Dataset, threads: number, steps: number, records: RecordRequest[]) {
  const config = parseConfig({ steps, ...raw });
  const ref = new CpuEngine();
  const fast = new FastCpuEngine(nodePlatform, { threads });
  engines.push(ref, fast);
  await ref.init({ config, data });
  await fast.init({ config, data });
  const a = await ref.advance(steps, records);
  const b = await fast.advance(steps, records);
  return { a, b, sa: await ref.readState(), sb: await fast.readState(), fast };
}

/** Largest |b − a| / |a| over the per-step losses (NaN where both are NaN counts as equal). */
function maxRelative(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let q = 0; q < a.length; q++) {
    if (Number.isNaN(a[q]) && Number.isNaN(b[q])) continue;
    worst = Math.max(worst, Math.abs(b[q] - a[q]) / Math.abs(a[q]));
  }
  return worst;
}

function expectSame(a: AdvanceResult, b: AdvanceResult): void {
  expect(b.status).toEqual(a.status);
  expect(b.divergedAt).toEqual(a.divergedAt);
  expect(maxRelative(a.stepLoss, b.stepLoss)).toBeLessThanOrEqual(1e-12);
  expect(Array.from(b.stepLoss)).toEqual(Array.from(a.stepLoss));
  expect(b.records).toEqual(a.records);
}

describe('FastCpuEngine (WebAssembly SIMD, worker threads)', () => {
  it('equals the reference over 100 steps on MNIST 0/8 (test, n = 30), linear, logistic and exponential, every metric, 2 threads', async () => {
    const data = await loadDataset(mnist(30), nodeDataIO);
    const records: RecordRequest[] = [0, 1, 50, 100].map((offset) => ({ offset, metrics: [...ALL_METRICS] }));
    // n = 30, d = 784: samples padded to a tile; K = 5 pads a row tile; the exponential loss diverges at η = 3000.
    for (const loss of [{ kind: 'logistic' }, { kind: 'exponential' }]) {
      const raw = { data: mnist(30), loss, etas: [0.5, 4, 30, 200, 3000], metrics: ALL_METRICS, record: { sharpnessIterations: 5 } };
      const { a, b, sa, sb } = await advanceBoth(raw, data, 2, 100, records);
      if (loss.kind === 'exponential') expect(a.status).toContain('diverged');
      expectSame(a, b);
      expect(sb).toEqual(sa);
    }
  });

  it('equals the reference over 100 steps at full size: MNIST 0/8 test, n = 1000, d = 784, K = 2', async () => {
    const data = await loadDataset(mnist(1000), nodeDataIO);
    const raw = { data: mnist(1000), etas: [0.25, 4], metrics: ['loss', 'accuracy'] };
    const { a, b, sa, sb } = await advanceBoth(raw, data, 2, 100, [{ offset: 100, metrics: ['loss', 'accuracy'] }]);
    expectSame(a, b);
    expect(sb).toEqual(sa);
  });

  it('equals the reference on the NTK network (m = 6), with the logistic and exponential losses, 3 threads', async () => {
    const data = smallData(37, 9, 5);
    const src = { kind: 'synthetic', n: 37, d: 9, margin: 0.1, seed: 5 };
    for (const loss of [{ kind: 'logistic' }, { kind: 'exponential' }]) {
      const raw = { data: src, model: { kind: 'ntk', width: 6 }, loss, etas: [1, 4, 40], metrics: ALL_METRICS };
      const records: RecordRequest[] = [{ offset: 3, metrics: [...ALL_METRICS] }, { offset: 40, metrics: ['loss', 'gradNorm'] }];
      const { a, b, sa, sb } = await advanceBoth(raw, data, 3, 40, records);
      expectSame(a, b);
      expect(sb).toEqual(sa);
    }
  });

  it('gives the same results with 1, 2 and 3 threads, in chunks, and resumes from a state bit for bit', async () => {
    const data = smallData(37, 9, 5);
    const config = parseConfig({ data: { kind: 'synthetic', n: 37, d: 9, margin: 0.1, seed: 5 }, model: { kind: 'ntk', width: 5 }, etas: [0.5, 2, 8], steps: 30 });
    const results: AdvanceResult[] = [];
    for (const threads of [1, 2, 3]) {
      const e = new FastCpuEngine(nodePlatform, { threads });
      engines.push(e);
      await e.init({ config, data });
      results.push(await e.advance(30, [{ offset: 30, metrics: ['loss', 'gradNorm'] }]));
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const e = new FastCpuEngine(nodePlatform, { threads: 2 });
    engines.push(e);
    await e.init({ config, data });
    await e.advance(10, []);
    const state = await e.readState();
    await e.init({ config, data });
    await e.writeState(state);
    const rest = await e.advance(20, []);
    expect(Array.from(rest.stepLoss)).toEqual(Array.from(results[0].stepLoss.subarray(10 * 3)));
  });

  it('float32 mode: agrees with the reference to float32 rounding on MNIST 0/8 (n = 30, linear and NTK), the same with 1 and 2 threads', async () => {
    const data = await loadDataset(mnist(30), nodeDataIO);
    for (const model of [{ kind: 'linear' }, { kind: 'ntk', width: 5 }]) {
      const config = parseConfig({ data: mnist(30), model, etas: [0.5, 2, 8], steps: 20 });
      const ref = new CpuEngine();
      engines.push(ref);
      await ref.init({ config, data });
      const a = await ref.advance(20, []);
      const runs: AdvanceResult[] = [];
      for (const threads of [1, 2]) {
        const e = new FastCpuEngine(nodePlatform, { threads, precision: 'float32' });
        engines.push(e);
        expect(e.info.precision).toBe('float32');
        await e.init({ config, data });
        runs.push(await e.advance(20, []));
      }
      expect(maxRelative(a.stepLoss, runs[0].stepLoss)).toBeLessThan(1e-4);
      expect(maxRelative(a.stepLoss, runs[0].stepLoss)).toBeGreaterThan(0); // really float32
      expect(runs[1]).toEqual(runs[0]);
    }
  });

  it('the CPU backend runs GD of the linear and NTK models on the fast engine, SGD and the MLP on the reference engines', () => {
    const backend = cpuBackend(nodePlatform, { threads: 2 });
    const of = (raw: Record<string, unknown>) => engineFor(backend, parseConfig({ data: { kind: 'toy' }, etas: [1], steps: 5, ...raw }));
    expect(of({})).toBeInstanceOf(FastCpuEngine);
    expect(of({ model: { kind: 'ntk', width: 4 } })).toBeInstanceOf(FastCpuEngine);
    expect(of({ optimizer: { kind: 'sgd', orderSeed: 1 } })).toBeInstanceOf(CpuEngine);
    expect(of({ model: { kind: 'mlp', widths: [3] } })).toBeInstanceOf(MlpCpuEngine);
  });

  it('refuses SGD itself (the CPU backend gives it to the reference engine)', async () => {
    const fast = new FastCpuEngine(nodePlatform, { threads: 1 });
    engines.push(fast);
    const sgd = parseConfig({ data: { kind: 'toy' }, etas: [1], steps: 5, optimizer: { kind: 'sgd', orderSeed: 1 } });
    await expect(fast.init({ config: sgd, data: smallData() })).rejects.toThrow(/fast CPU engine: runs full-batch GD of the linear model and the NTK network .*SGD and the mlp model have their own engines/);
  });

  it('a memory limit that holds 4 runs takes 16 η in 4 batches, equal bit for bit to one batch', async () => {
    const config = parseConfig({ data: { kind: 'toy' }, model: { kind: 'ntk', width: 8, initSeed: 2 }, etas: { start: 0.25, stop: 64, count: 16 }, steps: 40, metrics: ['loss', 'gradNorm', 'sharpness'] });
    const data = smallData();
    const bytes = (K: number) => makePlan('ntk', data.n, data.d, 8, K, 'float64').bytes;
    const limited = new FastCpuEngine(nodePlatform, { threads: 1, maxBytes: bytes(4) });
    const whole = new FastCpuEngine(nodePlatform, { threads: 1 });
    engines.push(limited, whole);
    expect(bytes(5)).toBeGreaterThan(bytes(4)); // the limit really stops at 4
    expect(await limited.batchFit(config, data)).toMatchObject({ etas: 4, limit: expect.stringMatching(/5 runs need .* over the engine's/) });
    const batches: Progress[] = [];
    const split = await runSweep(limited, { config, data }, { onProgress: (p) => batches.push(p) });
    const one = await runSweep(whole, { config, data });
    expect(new Set(batches.map((p) => p.batch))).toEqual(new Set([0, 1, 2, 3]));
    expect(batches.every((p) => p.batches === 4)).toBe(true);
    expect(split.runs).toEqual(one.runs);
    await expect(new FastCpuEngine(nodePlatform, { maxBytes: bytes(1) - 1 }).batchFit(config, data)).resolves.toMatchObject({ etas: 0 });
  });
});
