// The sweep driver: takes any Engine through a whole sweep, records metrics at the cadence, feeds
// every step's loss to the streaming analysis, reports progress, stops when asked, and assembles
// the results. It calls the engine in chunks so progress and cancellation stay responsive.

import { LossStream, summarize } from '../core/analysis';
import { metricsAt, recordSteps } from '../core/cadence';
import type { MetricName } from '../core/config-types';
import type { Engine, Problem, RecordRequest } from '../core/engine';
import { finiteOrNull, RESULTS_FORMAT, type Results, type RunResult } from '../core/results';

export interface Progress {
  stepsDone: number;
  totalSteps: number;
  stepsPerSecond: number;
  etaSeconds: number;
  diverged: number;
}

export interface SweepOptions {
  onProgress?: (p: Progress) => void;
  /** Aborting stops the sweep after the current chunk; the results are then marked cancelled. */
  signal?: AbortSignal;
  /** Steps per engine call (default: grows with the run so short runs stay fine-grained). */
  chunkSteps?: number;
  environment?: Results['environment'];
  /** Relative tolerance for counting loss increases (0 for float64). */
  increaseRelTol?: number;
}

export async function runSweep(engine: Engine, problem: Problem, options: SweepOptions = {}): Promise<Results> {
  const { config, data } = problem;
  const K = config.etas.length;
  const T = config.steps;
  const startedAt = new Date();
  const t0 = performance.now();
  await engine.init(problem);

  const schedule = recordSteps(T, config.record);
  const streams = config.etas.map((eta) => new LossStream(eta, options.increaseRelTol ?? (engine.info.precision === 'float32' ? 1e-6 : 0)));
  const series: RunResult['series'][] = config.etas.map(() => {
    const s: RunResult['series'] = { step: [] };
    for (const m of config.metrics) s[m] = [];
    return s;
  });

  let next = 0; // next schedule index to request
  let done = 0;
  let status: RunResult['status'][] = new Array(K).fill('done');
  let divergedAt: number[] = new Array(K).fill(-1);
  let cancelled = false;
  while (done < T || next < schedule.length) {
    // A CPU engine resolves at once; yielding to the task queue lets signals, timers and UI events in.
    await yieldToEventLoop();
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    const chunk = Math.min(T - done, options.chunkSteps ?? nextChunk(done, performance.now() - t0));
    const end = done + chunk;
    const requests: RecordRequest[] = [];
    while (next < schedule.length && schedule[next] <= end) {
      requests.push({ offset: schedule[next] - done, metrics: metricsAt(next, schedule.length, config.metrics, config.record) });
      next++;
    }
    const res = await engine.advance(chunk, requests);
    for (let o = 0; o < chunk; o++) {
      for (let k = 0; k < K; k++) streams[k].push(done + o, res.stepLoss[o * K + k]);
    }
    for (const rec of res.records) {
      for (let k = 0; k < K; k++) {
        // The record at the chunk's end doubles as the loss of that step for the stream.
        if (rec.step === end && end === T) streams[k].push(T, rec.values.loss?.[k] ?? NaN);
        series[k].step.push(rec.step);
        for (const m of config.metrics) series[k][m]!.push(finiteOrNull(rec.values[m as MetricName]?.[k] ?? NaN));
      }
    }
    status = res.status.map((s) => (s === 'diverged' ? 'diverged' : 'done'));
    divergedAt = res.divergedAt;
    done = end;
    const elapsed = (performance.now() - t0) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    options.onProgress?.({
      stepsDone: done,
      totalSteps: T,
      stepsPerSecond: rate,
      etaSeconds: (T - done) / Math.max(rate, 1e-9),
      diverged: status.filter((s) => s === 'diverged').length,
    });
    if (done >= T && next >= schedule.length) break;
  }

  const wallSeconds = (performance.now() - t0) / 1000;
  const runs: RunResult[] = config.etas.map((eta, k) => ({
    eta,
    status: status[k] === 'diverged' ? 'diverged' : cancelled ? 'cancelled' : 'done',
    divergedAt: divergedAt[k] >= 0 ? divergedAt[k] : null,
    series: series[k],
    summary: summarize(streams[k], series[k].step, series[k].loss!.map((v) => v ?? NaN)),
  }));
  return {
    format: RESULTS_FORMAT,
    config,
    engine: engine.info,
    environment: options.environment ?? { runtime: 'unknown', platform: 'unknown' },
    data: { name: data.name, n: data.n, d: data.d },
    timings: { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), wallSeconds, stepsPerSecond: done / Math.max(wallSeconds, 1e-9) },
    status: cancelled ? 'cancelled' : 'done',
    stepsDone: done,
    runs,
  };
}

/** Aim for engine calls of about a quarter second: responsive to progress and cancel, cheap in overhead. */
const TARGET_CHUNK_MS = 250;

/** The next chunk's length from the rate so far: small at first, then sized to the target time. */
function nextChunk(done: number, elapsedMs: number): number {
  if (done === 0 || elapsedMs <= 0) return 16;
  const perStepMs = elapsedMs / done;
  const steps = Math.floor(TARGET_CHUNK_MS / perStepMs);
  // Grow at most 4× per call so one slow start does not hide a later slowdown for long.
  return Math.max(1, Math.min(steps, 4 * done, 1 << 20));
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
