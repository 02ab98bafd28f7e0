// Kernel timings on a real adapter (headless Chrome, launched with kernel timings): the profiled
// steps name exactly the kernels the step encoder dispatches (tests/step-schedule.ts runs the real
// StepEncoder on the engine's own memory plan), as often per step as it does; every time is finite
// and ≥ 0; and a profiled run computes bit for bit what an unprofiled one does. The host recording
// measure (GpuEngine.recordingUs) submits nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdvanceResult, RecordRequest } from '../../src/core/engine';
import { launchBrowser, type BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import type { WireEngineOptions } from '../../src/gpu/host-api';
import type { MemoryPlan } from '../../src/gpu/memory-plan';
import { needsNorms } from '../../src/gpu/step-encoder';
import { stepSchedule } from '../step-schedule';
import { config, gaussianData } from './helpers';

let session: BrowserSession;
beforeAll(async () => {
  session = await launchBrowser({ log: (s) => console.log(s), kernelTimings: true });
});
afterAll(async () => {
  await session?.close();
});

const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

function sameBits(a: AdvanceResult, b: AdvanceResult): void {
  expect(bits(b.stepLoss)).toBe(bits(a.stepLoss));
  expect(b.records.length).toBe(a.records.length);
  a.records.forEach((r, i) => {
    for (const [m, v] of Object.entries(r.values)) expect(bits(b.records[i].values[m as keyof typeof r.values]!), m).toBe(bits(v));
  });
}

const STEPS = 5;
// Records at offsets inside the run: no extra measurement pass after the last step, so every
// kernel runs exactly once per step (per neuron block for forward and backward).
const RECORDS: RecordRequest[] = [{ offset: 0, metrics: ['loss', 'gradNorm'] }, { offset: 3, metrics: ['loss', 'gradNorm', 'distFromInit'] }];

describe('kernel timings', () => {
  const cases: [string, Record<string, unknown>, WireEngineOptions, string][] = [
    ['linear', { kind: 'linear' }, {}, 'linear'],
    // 2 runs × 16 features × 4 bytes = 128 bytes per neuron: a 4 KiB binding holds 32 of the 96 neurons.
    ['NTK, 3 neuron blocks', { kind: 'ntk', width: 96, initSeed: 2 }, { maxBindingBytes: 4096 }, 'ntk'],
    ['NTK, 128×128 tiles, 3 neuron blocks', { kind: 'ntk', width: 96, initSeed: 2 }, { maxBindingBytes: 4096, ntkTile128: true }, 'ntk'],
  ];
  for (const [name, model, opts, f] of cases) {
    it(`${name}: per-step kernel list, times ≥ 0, losses bit-equal to an unprofiled run`, async () => {
      expect(session.probe.timestamps, 'the adapter should have timestamp-query').toBe('on');
      const data = gaussianData(64, 16, 9);
      const cfg = config({ model, etas: [0.5, 2] });
      const plain = new RemoteGpuEngine(session, opts);
      const timed = new RemoteGpuEngine(session, opts);
      await plain.init({ config: cfg, data });
      await timed.init({ config: cfg, data });
      const plan = (await timed.plan()) as MemoryPlan;
      const blocks = plan.blocks.length;
      expect(blocks).toBe(f === 'linear' ? 1 : 3);
      const schedule = stepSchedule(cfg, plan, opts.ntkTile128);
      const suffix = opts.ntkTile128 ? '_t128' : '';
      expect(schedule.filter((k) => k === `${f}_forward${suffix}` || k === `${f}_backward${suffix}`)).toHaveLength(2 * blocks);

      const a = await plain.advance(STEPS, RECORDS);
      await timed.beginKernelTimings();
      const b = await timed.advance(STEPS, RECORDS);
      const t = await timed.endKernelTimings();
      sameBits(a, b);
      const [sa, sb] = [await plain.readState(), await timed.readState()];
      sa.weights.forEach((w, k) => expect(bits(sb.weights[k]), `weights of run ${k}`).toBe(bits(w)));

      console.log(`${name}: ${JSON.stringify(t)}`);
      // Every step dispatches the plain schedule; the two recorded steps (both read norms) add finalize.
      const counts = Object.fromEntries(t.kernels.map((k) => [k.kernel, k.dispatches]));
      const want: Record<string, number> = {};
      for (const k of schedule) want[k] = (want[k] ?? 0) + STEPS;
      const normSteps = RECORDS.filter((r) => needsNorms((m) => r.metrics.includes(m))).length;
      expect(normSteps).toBe(2);
      expect(counts).toEqual({ ...want, finalize: normSteps });
      // In the order of a step's data flow: finalize after the backward, before bump.
      const keys = Object.keys(want);
      expect(keys.at(-1)).toBe('bump');
      expect(t.kernels.map((k) => k.kernel)).toEqual([...keys.slice(0, -1), 'finalize', 'bump']);
      expect(t.dispatches).toBe(STEPS * schedule.length + normSteps);
      expect(t.invalid).toBe(0);
      for (const k of t.kernels) {
        expect(Number.isFinite(k.ns) && k.ns >= 0, `${k.kernel}: ${k.ns} ns`).toBe(true);
      }
      const sum = t.kernels.reduce((s, k) => s + k.ns, 0);
      expect(sum).toBeGreaterThan(0);
      expect(t.spanNs).toBeGreaterThan(0);
      expect(t.granularityNs).toBeGreaterThan(0);

      // Timing is off again after endKernelTimings: the next steps still agree.
      sameBits(await plain.advance(2, []), await timed.advance(2, []));
      await plain.dispose();
      await timed.dispose();
    });
  }

  it('host recording: a positive µs per step, nothing submitted (the steps after it are bit-equal), on the default and fused paths', async () => {
    const data = gaussianData(64, 16, 9);
    const cfg = config({ etas: [0.5, 2] });
    for (const opts of [{}, { linearFused: true }] as WireEngineOptions[]) {
      const plain = new RemoteGpuEngine(session, opts);
      const recorded = new RemoteGpuEngine(session, opts);
      await plain.init({ config: cfg, data });
      await recorded.init({ config: cfg, data });
      const us = await recorded.recordingUs(64);
      console.log(`host recording, ${JSON.stringify(opts)}: ${us.toFixed(1)} µs per step`);
      expect(Number.isFinite(us) && us > 0, `${us} µs`).toBe(true);
      // Recorded steps never run: the engine is still at step 0 and computes what a fresh one does.
      sameBits(await plain.advance(STEPS, RECORDS), await recorded.advance(STEPS, RECORDS));
      await expect(recorded.recordingUs(0)).rejects.toThrow(/positive integer/);
      await plain.dispose();
      await recorded.dispose();
    }
    const mlp = new RemoteGpuEngine(session);
    await mlp.init({ config: config({ model: { kind: 'mlp', widths: [8], activation: 'tanh', bias: true, initSeed: 1 }, etas: [0.5] }), data });
    await expect(mlp.recordingUs(4)).rejects.toThrow(/MLP engine records its own passes/);
    await mlp.dispose();
  });

  it('endKernelTimings without beginKernelTimings is an error', async () => {
    const e = new RemoteGpuEngine(session);
    await e.init({ config: config({ etas: [1] }), data: gaussianData(16, 4, 1) });
    await expect(e.endKernelTimings()).rejects.toThrow(/beginKernelTimings\(\) was not called/);
    await e.dispose();
  });
});
