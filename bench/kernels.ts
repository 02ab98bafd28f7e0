// `--kernels`: where a GPU step's time goes. After a row's timed runs, the same engine runs `runs`
// more advance() calls with kernel timings on (src/gpu/kernel-profiler.ts: each dispatch in its own
// compute pass with timestamp queries; the steps compute the same thing), and the row gets, per
// kernel, the GPU time per step and in total (median over the runs) and its share of the step; the
// CPU-side wall time per step beside it (unprofiled: the row's median; profiled: these runs), so
// "GPU busy share" = Σ kernel time / wall time tells kernel time from launch and submit overhead.
// Then the host's share: the CPU time to record a step's commands (GpuEngine.recordingUs, into
// command buffers never submitted), once per run. A wall time near it says the CPU, not the GPU,
// sets the rate; a GPU span far above Σ kernels says the gaps between dispatches do.
// A device without 'timestamp-query' gives "skipped" with the reason; nothing is ever estimated.

import type { Engine } from '../src/core/engine';
import type { KernelTimings } from '../src/gpu/kernel-profiler';
import { summarize, type Summary } from './stats';

export interface KernelTimed {
  beginKernelTimings(): void | Promise<void>;
  endKernelTimings(): Promise<KernelTimings>;
  /** Host µs per step to record `steps` steps' commands, never submitted (GpuEngine.recordingUs). */
  recordingUs(steps: number): number | Promise<number>;
}

export function hasKernelTimings(e: Engine): e is Engine & KernelTimed {
  const t = e as Partial<KernelTimed>;
  return typeof t.beginKernelTimings === 'function' && typeof t.endKernelTimings === 'function' && typeof t.recordingUs === 'function';
}

export interface KernelRow {
  kernel: string;
  dispatchesPerStep: number;
  /** GPU µs per step (Σ of its dispatches' pass times / steps). */
  perStepUs: Summary;
  /** GPU ms over one profiled run. */
  totalMs: Summary;
  /** Its median µs/step over the Σ of all kernels' medians (these add up to 1). */
  shareOfKernels: number;
  /** Its median µs/step over the unprofiled wall time per step. */
  shareOfWall: number;
}

export interface KernelBreakdown {
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  /** Steps per profiled run, and the runs (after one untimed profiled step). */
  stepsPerRun?: number;
  runs?: number;
  kernels?: KernelRow[];
  /** Σ over kernels of GPU µs per step. */
  kernelSumUs?: Summary;
  /** First pass beginning to last pass end of a profiled run, per step: the GPU timeline, gaps included. */
  gpuSpanUs?: Summary;
  /** CPU-side wall µs per step of the unprofiled runs (1e6 / the row's median steps/s). */
  wallUs?: number;
  /** CPU-side wall µs per step of the profiled runs (one pass per dispatch adds its own overhead). */
  profiledWallUs?: Summary;
  /** median Σ kernels / unprofiled wall: the share of a step the GPU spends in kernels. */
  busyShare?: number;
  /** Host µs per step to record the step's commands (never submitted), one value per run. */
  recordingUs?: Summary;
  /** median host recording / unprofiled wall: 1 would mean the CPU alone sets the rate. */
  recordingShare?: number;
  /** median Σ kernels / profiled wall, from the same runs. */
  profiledBusyShare?: number;
  /** gcd of the raw timestamps in ns (largest over the runs): ≥ 1000 means quantized. */
  granularityNs?: number;
  /** Dispatches with end < beginning, left out of the times (0 on a sound driver). */
  invalidDispatches?: number;
}

export interface ProfiledRun {
  steps: number;
  wallMs: number;
  timings: KernelTimings;
}

/** Runs `runs` profiled advance() calls of `steps` steps each on an initialised engine. */
export async function measureKernels(engine: Engine & KernelTimed, steps: number, runs: number, wallUs: number): Promise<KernelBreakdown> {
  try {
    // One untimed profiled step: the query sets and their first passes are not a rate.
    await engine.beginKernelTimings();
    await engine.advance(1, []);
    await engine.endKernelTimings();
    const out: ProfiledRun[] = [];
    for (let r = 0; r < runs; r++) {
      await engine.beginKernelTimings();
      const t = performance.now();
      await engine.advance(steps, []);
      const wallMs = performance.now() - t;
      out.push({ steps, wallMs, timings: await engine.endKernelTimings() });
    }
    const recording: number[] = [];
    for (let r = 0; r < runs; r++) recording.push(await engine.recordingUs(steps));
    return summarizeKernels(out, wallUs, recording);
  } catch (err) {
    const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return /timestamp-query/.test(msg) ? { status: 'skipped', reason: msg } : { status: 'failed', reason: msg };
  }
}

/**
 * Medians over profiled runs, and over the host recording times (µs per step, one per run) where
 * there are any (pure: tested in tests/unit/kernel-timings.test.ts).
 */
export function summarizeKernels(runs: ProfiledRun[], wallUs: number, recordingUs: number[] = []): KernelBreakdown {
  if (runs.length === 0) throw new RangeError('summarizeKernels: no runs');
  const names: string[] = [];
  for (const r of runs) for (const k of r.timings.kernels) if (!names.includes(k.kernel)) names.push(k.kernel);
  const perStep = (r: ProfiledRun, name: string): number => (r.timings.kernels.find((k) => k.kernel === name)?.ns ?? 0) / 1000 / r.steps;
  const rows = names.map((kernel) => {
    const counts = new Set(runs.map((r) => (r.timings.kernels.find((k) => k.kernel === kernel)?.dispatches ?? 0) / r.steps));
    if (counts.size !== 1) throw new Error(`kernel ${kernel}: dispatches per step differ between runs (${[...counts].join(', ')})`);
    return {
      kernel,
      dispatchesPerStep: [...counts][0],
      perStepUs: summarize(runs.map((r) => perStep(r, kernel))),
      totalMs: summarize(runs.map((r) => (r.timings.kernels.find((k) => k.kernel === kernel)?.ns ?? 0) / 1e6)),
    };
  });
  const medianSum = rows.reduce((s, k) => s + k.perStepUs.median, 0);
  const recording = recordingUs.length > 0 ? summarize(recordingUs) : undefined;
  const sumUs = summarize(runs.map((r) => r.timings.kernels.reduce((s, k) => s + k.ns, 0) / 1000 / r.steps));
  return {
    status: 'ok',
    stepsPerRun: runs[0].steps,
    runs: runs.length,
    kernels: rows.map((k) => ({ ...k, shareOfKernels: medianSum > 0 ? k.perStepUs.median / medianSum : 0, shareOfWall: k.perStepUs.median / wallUs })),
    kernelSumUs: sumUs,
    gpuSpanUs: summarize(runs.map((r) => r.timings.spanNs / 1000 / r.steps)),
    wallUs,
    profiledWallUs: summarize(runs.map((r) => (1000 * r.wallMs) / r.steps)),
    busyShare: sumUs.median / wallUs,
    ...(recording ? { recordingUs: recording, recordingShare: recording.median / wallUs } : {}),
    profiledBusyShare: summarize(runs.map((r) => r.timings.kernels.reduce((s, k) => s + k.ns, 0) / 1e6 / r.wallMs)).median,
    granularityNs: Math.max(...runs.map((r) => r.timings.granularityNs)),
    invalidDispatches: runs.reduce((s, r) => s + r.timings.invalid, 0),
  };
}

/** Microseconds for tables: "12345", "123", "12.3", "1.23", "0.12". */
export function formatUs(x: number | undefined): string {
  if (x === undefined) return '';
  return x >= 100 ? x.toFixed(0) : x.toPrecision(x >= 1 ? 3 : 2);
}

/** "1 ns", "65.5 µs (quantized)". */
export function formatGranularity(ns: number | undefined): string {
  if (ns === undefined) return '';
  const s = ns < 1000 ? `${ns} ns` : `${(ns / 1000).toPrecision(3)} µs`;
  return ns >= 1000 ? `${s} (quantized)` : s;
}

export const KERNELS_NOTE =
  'kernels: each dispatch in its own compute pass with timestamp queries (src/gpu/kernel-profiler.ts), after the timed runs, ' +
  '⌈steps per run / 4⌉ steps × runs; µs/step and ms per run are medians over those runs; wall µs/step is the unprofiled rows\' median; ' +
  'GPU busy share = Σ kernel time / wall time; GPU span = first pass beginning to last pass end; ' +
  'host recording = CPU µs to record a step\'s commands into command buffers never submitted (GpuEngine.recordingUs), median of one per run';
