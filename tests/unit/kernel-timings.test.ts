// Kernel timings without a GPU: the profiling pass (src/gpu/kernel-profiler.ts) replays exactly the
// step encoder's dispatches, one timestamped pass each, with the pipeline and bind-group state a real
// pass would have; the per-kernel sums, the medians and the report of bench/kernels.ts. The same on
// a real adapter (and bit-equal losses) is tests/gpu/kernel-timings.test.ts.

import { describe, expect, it } from 'vitest';
import { formatKernels } from '../../bench/report';
import { measureKernels, summarizeKernels, type KernelTimed, type ProfiledRun } from '../../bench/kernels';
import type { AdvanceResult, Engine } from '../../src/core/engine';
import type { Row } from '../../bench/suite';
import { parseConfig } from '../../src/core/config';
import { KernelProfiler, KernelTimingsUnavailable, QUERIES_PER_SET, sumTimings, type KernelTimings } from '../../src/gpu/kernel-profiler';
import type { ExperimentConfig } from '../../src/core/config-types';
import { planMemory, type MemoryPlan } from '../../src/gpu/memory-plan';
import { dispatchLog, fakeKernels, fakeStepEncoder, PLAIN_STEP, recordingPass, stepSchedule, type PassOp } from '../step-schedule';

// The profiler reads these WebGPU globals when it resolves (Node has none).
Object.assign(globalThis, { GPUBufferUsage: { QUERY_RESOLVE: 0x200, COPY_SRC: 4, COPY_DST: 8, MAP_READ: 1 }, GPUMapMode: { READ: 1 } });

/** A command encoder whose passes log into `log` and whose timestampWrites are kept. */
function fakeEncoder(log: PassOp[], writes: GPUComputePassTimestampWrites[], resolves: PassOp[] = []): GPUCommandEncoder {
  return {
    beginComputePass: (d?: GPUComputePassDescriptor) => {
      if (d?.timestampWrites) writes.push(d.timestampWrites);
      log.push(['begin']);
      return recordingPass(log);
    },
    resolveQuerySet: (set: { label: string }, first: number, count: number, _buf: unknown, offset: number) => resolves.push(['resolve', set.label, first, count, offset]),
    copyBufferToBuffer: () => undefined,
  } as unknown as GPUCommandEncoder;
}

function fakeDevice(features: string[] = ['timestamp-query']): GPUDevice {
  return {
    features: new Set(features),
    createQuerySet: (d: GPUQuerySetDescriptor) => ({ label: d.label, destroy: () => undefined }),
    createBuffer: (d: GPUBufferDescriptor) => ({ label: d.label, size: d.size, destroy: () => undefined }),
  } as unknown as GPUDevice;
}

const kernelSet = fakeKernels();

/** A config and its real memory plan; a 4 KiB binding limit splits the NTK's 96 neurons into 3 blocks. */
function setup(model: 'linear' | 'ntk'): { config: ExperimentConfig; plan: MemoryPlan } {
  const config = parseConfig({ data: { kind: 'toy' }, steps: 1, etas: [1, 2], model: model === 'linear' ? { kind: 'linear' } : { kind: 'ntk', width: 96 } });
  const plan = planMemory(config, 64, 16, { maxStorageBufferBindingSize: 4096, maxBufferSize: 2 ** 30, budgetBytes: 2 ** 30 });
  return { config, plan };
}

describe('kernel profiler pass', () => {
  for (const [model, blocks] of [['linear', 1], ['ntk', 3]] as const) {
    it(`${model}, ${blocks} block(s): the same dispatches as the step encoder's own pass, one timestamped pass each`, () => {
      const { config, plan } = setup(model);
      expect(plan.blocks).toHaveLength(blocks);
      const enc = fakeStepEncoder(config, plan, kernelSet);
      const plain: PassOp[] = [];
      // A plain step, then one whose record reads the norms (finalize).
      const work = [PLAIN_STEP, { ...PLAIN_STEP, norms: true }];
      for (const w of work) enc.step(recordingPass(plain), w);
      const log: PassOp[] = [];
      const writes: GPUComputePassTimestampWrites[] = [];
      const prof = new KernelProfiler(fakeDevice(), kernelSet);
      const pass = prof.pass(fakeEncoder(log, writes));
      for (const w of work) enc.step(pass, w);
      pass.end();
      const seq = dispatchLog(log);
      expect(seq).toEqual(dispatchLog(plain));
      // One pass per dispatch, each with its pipeline and group set again, and two fresh query slots.
      expect(log.filter((o) => o[0] === 'begin')).toHaveLength(seq.length);
      expect(log.filter((o) => o[0] === 'end')).toHaveLength(seq.length);
      expect(writes.map((w) => [w.beginningOfPassWriteIndex, w.endOfPassWriteIndex])).toEqual(seq.map((_, i) => [2 * i, 2 * i + 1]));
      // Forward and backward once per neuron block, the rest once per step.
      const step = stepSchedule(config, plan);
      const recorded = [...step.slice(0, -1), 'finalize', 'bump'];
      expect(seq.map((x) => x.split(' | ')[0])).toEqual([...step, ...recorded]);
      expect(step.filter((k) => k === `${model}_forward`)).toHaveLength(blocks);
      expect(step.filter((k) => k === `${model}_backward`)).toHaveLength(blocks);
      expect(step).toEqual(expect.arrayContaining(['stats', 'bump']));
      expect(step).not.toContain('finalize'); // nothing reads the norms of a step without a record
    });
  }

  it('refuses without timestamp-query, with the reason the bench prints', () => {
    expect(() => new KernelProfiler(fakeDevice([]), kernelSet)).toThrow(/^adapter lacks timestamp-query$/);
    expect(() => new KernelProfiler(fakeDevice(), kernelSet, { timestamps: 'off' })).toThrow(/created without 'timestamp-query'/);
  });

  it('opens a new query set when one is full and resolves each at a 256-byte aligned offset', () => {
    const log: PassOp[] = [];
    const writes: GPUComputePassTimestampWrites[] = [];
    const resolves: PassOp[] = [];
    const prof = new KernelProfiler(fakeDevice(), kernelSet);
    const e = fakeEncoder(log, writes, resolves);
    const pass = prof.pass(e);
    pass.setPipeline(kernelSet.stats.pipeline);
    const n = QUERIES_PER_SET / 2 + 3;
    for (let i = 0; i < n; i++) pass.dispatchWorkgroups(1);
    prof.resolve(e);
    expect(resolves).toEqual([
      ['resolve', 'kernel timings 0', 0, QUERIES_PER_SET, 0],
      ['resolve', 'kernel timings 1', 0, 6, 16 * (QUERIES_PER_SET / 2)],
    ]);
    expect(writes[n - 1]).toMatchObject({ beginningOfPassWriteIndex: 4, endOfPassWriteIndex: 5 });
    // The next submit reuses the sets from index 0.
    pass.dispatchWorkgroups(1);
    expect(writes[n]).toMatchObject({ beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 });
  });
});

describe('kernel time sums', () => {
  it('per kernel, span, granularity and faulty pairs', () => {
    const stamps = (xs: number[]): BigUint64Array => BigUint64Array.from(xs.map(BigInt));
    const t = sumTimings([
      { names: ['a', 'b', 'a'], stamps: stamps([1000, 1500, 1600, 1700, 2000, 2300]) },
      { names: ['b', 'c'], stamps: stamps([5000, 5100, 6000, 5900]) },
    ]);
    expect(t.kernels).toEqual([
      { kernel: 'a', dispatches: 2, ns: 800 },
      { kernel: 'b', dispatches: 2, ns: 200 },
      { kernel: 'c', dispatches: 1, ns: 0 },
    ]);
    expect(t).toMatchObject({ dispatches: 5, spanNs: 4100, granularityNs: 100, invalid: 1 });
    const q = sumTimings([{ names: ['a'], stamps: stamps([65536 * 3, 65536 * 7]) }]);
    expect(q.granularityNs).toBe(65536);
  });

  const run = (steps: number, wallMs: number, ns: Record<string, number>, perStep = 1): ProfiledRun => {
    const kernels = Object.entries(ns).map(([kernel, v]) => ({ kernel, dispatches: perStep * steps, ns: v }));
    const timings: KernelTimings = { kernels, dispatches: kernels.length * steps, spanNs: 1.5 * kernels.reduce((s, k) => s + k.ns, 0), granularityNs: 1, invalid: 0 };
    return { steps, wallMs, timings };
  };

  it('medians over runs, shares of the kernel time and of the wall time, busy share', () => {
    // 10 steps per run; per step: f 20/30/25 µs, s 5 µs each run; wall 1 ms per step unprofiled.
    const runs = [run(10, 20, { f: 200_000, s: 50_000 }), run(10, 30, { f: 300_000, s: 50_000 }), run(10, 25, { f: 250_000, s: 50_000 })];
    const k = summarizeKernels(runs, 1000);
    expect(k.status).toBe('ok');
    expect(k.kernels!.map((x) => [x.kernel, x.dispatchesPerStep, x.perStepUs.median, x.totalMs.median])).toEqual([
      ['f', 1, 25, 0.25],
      ['s', 1, 5, 0.05],
    ]);
    expect(k.kernels![0].perStepUs).toMatchObject({ min: 20, max: 30, runs: 3 });
    expect(k.kernels![0].shareOfKernels).toBeCloseTo(25 / 30, 12);
    expect(k.kernels![1].shareOfWall).toBeCloseTo(0.005, 12);
    expect(k.kernelSumUs!.median).toBeCloseTo(30, 12);
    expect(k.busyShare).toBeCloseTo(0.03, 12);
    expect(k.profiledWallUs!.median).toBeCloseTo(2500, 9);
    expect(k.profiledBusyShare).toBeCloseTo(0.3 / 25, 12);
    expect(k.gpuSpanUs!.median).toBeCloseTo(45, 9);
    expect(k.recordingUs).toBeUndefined();
    // Host recording times, one per run: their median, and its share of the unprofiled wall time.
    const h = summarizeKernels(runs, 1000, [40, 60, 50]);
    expect(h.recordingUs).toMatchObject({ median: 50, min: 40, max: 60, runs: 3 });
    expect(h.recordingShare).toBeCloseTo(0.05, 12);
    expect(() => summarizeKernels([run(10, 1, { f: 1 }), run(10, 1, { f: 1 }, 2)], 1)).toThrow(/dispatches per step differ/);
  });

  it('the printed tables: a breakdown and a skipped row that says why', () => {
    const base = { workload: 'w', flopsPerStep: 1, bytesPerStep: 1, status: 'ok' as const };
    const rows: Row[] = [
      { ...base, label: 'linear K=1', engine: 'gpu-chrome', kernels: summarizeKernels([run(4, 8, { linear_forward: 4000, stats: 400 })], 2000, [123]) },
      { ...base, label: 'linear K=8', engine: 'gpu-chrome', kernels: { status: 'skipped', reason: 'adapter lacks timestamp-query' } },
      { ...base, label: 'linear K=8', engine: 'cpu-reference' },
    ];
    const text = formatKernels(rows);
    expect(text).toMatch(/\| linear K=1 +\| gpu-chrome \| linear_forward +\| 1 +\| 1\.00 /);
    expect(text).toMatch(/kernel timings skipped: adapter lacks timestamp-query/);
    // wall µs/step, then host recording µs/step.
    expect(text).toMatch(/\| linear K=1 +\| gpu-chrome \| 2000 +\| 123 +\|/);
    expect(text).not.toMatch(/cpu-reference/);
    expect(formatKernels([rows[2]])).toBe('');
  });
});

describe('measureKernels', () => {
  /** An engine whose kernel timings report `ns` per step for one kernel, or throw `fail`. */
  function fakeEngine(fail?: Error): Engine & KernelTimed & { calls: string[] } {
    const calls: string[] = [];
    let steps = 0;
    return {
      calls,
      beginKernelTimings: () => {
        if (fail) throw fail;
        calls.push('begin');
        steps = 0;
      },
      advance: (n: number) => {
        calls.push(`advance ${n}`);
        steps += n;
        return Promise.resolve({} as AdvanceResult);
      },
      recordingUs: (n: number) => {
        calls.push(`record ${n}`);
        return 2.5;
      },
      endKernelTimings: () => {
        calls.push('end');
        return Promise.resolve({ kernels: [{ kernel: 'k', dispatches: steps, ns: 1000 * steps }], dispatches: steps, spanNs: 1500 * steps, granularityNs: 1, invalid: 0 });
      },
    } as unknown as Engine & KernelTimed & { calls: string[] };
  }

  it('one untimed profiled step, then the runs, each between begin and end, then the host recording per run', async () => {
    const e = fakeEngine();
    const k = await measureKernels(e, 7, 3, 10);
    expect(e.calls).toEqual(['begin', 'advance 1', 'end', ...Array<string[]>(3).fill(['begin', 'advance 7', 'end']).flat(), ...Array<string>(3).fill('record 7')]);
    expect(k.recordingUs!.median).toBe(2.5);
    expect(k.recordingShare).toBeCloseTo(0.25, 12);
    expect(k).toMatchObject({ status: 'ok', stepsPerRun: 7, runs: 3, wallUs: 10 });
    expect(k.kernels![0]).toMatchObject({ kernel: 'k', dispatchesPerStep: 1 });
    expect(k.kernels![0].perStepUs.median).toBeCloseTo(1, 12);
    expect(k.busyShare).toBeCloseTo(0.1, 12);
  });

  it('no timestamp-query: skipped with the reason, never an estimate; other errors: failed', async () => {
    const k = await measureKernels(fakeEngine(new KernelTimingsUnavailable('adapter lacks timestamp-query')), 7, 3, 10);
    expect(k).toEqual({ status: 'skipped', reason: 'adapter lacks timestamp-query' });
    const row: Row = { workload: 'w', label: 'linear K=1', engine: 'gpu-dawn', status: 'ok', flopsPerStep: 1, bytesPerStep: 1, kernels: k };
    expect(formatKernels([row])).toMatch(/kernel timings skipped: adapter lacks timestamp-query/);
    expect(await measureKernels(fakeEngine(new Error('GPU device lost')), 7, 3, 10)).toEqual({ status: 'failed', reason: 'GPU device lost' });
  });
});
