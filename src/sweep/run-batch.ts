// One batch of stepsizes on one engine: init, advance in chunks of about a quarter second, record at
// the cadence, stream every step's loss into the analysis, and stop early when the control says so.

import { LossStream, summarize } from '../core/analysis';
import { metricsAt, recordSteps } from '../core/cadence';
import type { ExperimentConfig } from '../core/config-types';
import type { Engine, Problem, RecordRequest, RunStatus } from '../core/engine';
import { finiteOrNull, type RunResult } from '../core/results';
import type { SweepControl } from './control';

export interface BatchProgress {
  stepsDone: number;
  /** Per run of this batch: its status, and its loss at the last step done. */
  status: RunStatus[];
  lastLoss: Float64Array;
}

export interface BatchOutcome {
  runs: RunResult[];
  stepsDone: number;
  cancelled: boolean;
}

/** Aim for engine calls of about a quarter second: responsive to progress and cancel, cheap in overhead. */
const TARGET_CHUNK_MS = 250;

export async function runBatch(
  engine: Engine,
  problem: Problem,
  control: SweepControl,
  opts: { increaseRelTol: number; chunkSteps?: number; onChunk?: (p: BatchProgress) => void },
): Promise<BatchOutcome> {
  const { config } = problem;
  const K = config.etas.length;
  const T = config.steps;
  await engine.init(problem);
  const schedule = recordSteps(T, config.record);
  const streams = config.etas.map((eta) => new LossStream(eta, opts.increaseRelTol));
  const series = config.etas.map(() => emptySeries(config));
  const lastLoss = new Float64Array(K).fill(NaN);
  let status: RunStatus[] = new Array<RunStatus>(K).fill('running');
  let divergedAt: number[] = new Array<number>(K).fill(-1);
  let next = 0; // next schedule index to request
  let done = 0;
  let cancelled = false;
  const t0 = performance.now();
  while (done < T) {
    if (!(await control.checkpoint())) {
      cancelled = true;
      break;
    }
    const chunk = Math.min(T - done, opts.chunkSteps ?? nextChunk(done, performance.now() - t0));
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
        const s = series[k];
        s.step.push(rec.step);
        for (const m of config.metrics) s[m]!.push(finiteOrNull(rec.values[m]?.[k] ?? NaN));
        // The final state's loss exists only as a record; it completes the per-step stream.
        if (rec.step === T) streams[k].push(T, rec.values.loss?.[k] ?? NaN);
      }
    }
    for (let k = 0; k < K; k++) lastLoss[k] = res.stepLoss[(chunk - 1) * K + k];
    status = res.status;
    divergedAt = res.divergedAt;
    done = end;
    opts.onChunk?.({ stepsDone: done, status, lastLoss });
  }
  const runs: RunResult[] = config.etas.map((eta, k) => ({
    eta,
    status: status[k] === 'diverged' ? 'diverged' : cancelled ? 'cancelled' : 'done',
    divergedAt: divergedAt[k] >= 0 ? divergedAt[k] : null,
    series: series[k],
    summary: summarize(streams[k], series[k].step, series[k].loss!.map((v) => v ?? NaN)),
  }));
  return { runs, stepsDone: done, cancelled };
}

function emptySeries(config: ExperimentConfig): RunResult['series'] {
  const s: RunResult['series'] = { step: [] };
  for (const m of config.metrics) s[m] = [];
  return s;
}

/** The next chunk's length from the rate so far: small at first, then sized to the target time. */
function nextChunk(done: number, elapsedMs: number): number {
  if (done === 0 || elapsedMs <= 0) return 16;
  const steps = Math.floor((TARGET_CHUNK_MS * done) / elapsedMs);
  // Grow at most 4× per call so one slow start does not hide a later slowdown for long.
  return Math.max(1, Math.min(steps, 4 * done, 1 << 20));
}
