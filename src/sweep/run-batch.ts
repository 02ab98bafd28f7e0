// One batch of stepsizes on one engine: init, advance in chunks of about a quarter second, record at
// the cadence, stream every step's loss into the analysis, and stop early when the control says so.
// It also takes checkpoints at a cadence, resumes from one, and survives a lost GPU device by
// getting a new one and going back to the last checkpoint.

import { LossStream, summarize } from '../core/analysis';
import { metricsAt, recordSteps } from '../core/cadence';
import type { ExperimentConfig } from '../core/config-types';
import type { AdvanceResult, Engine, EngineInfo, Problem, RecordRequest, RunStatus } from '../core/engine';
import { DeviceLostError } from '../core/engine-errors';
import { finiteOrNull, type RunResult } from '../core/results';
import type { BatchCheckpoint } from './checkpoint';
import type { SweepControl } from './control';

export interface BatchProgress {
  stepsDone: number;
  /** Per run of this batch: its status, and its loss at the last step done. */
  status: RunStatus[];
  lastLoss: Float64Array;
  /** The batch's runs so far (copies; a run still going is marked cancelled, as if stopped now). */
  partial(): RunResult[];
}

/**
 * What a run is doing before its first steps are counted: the first run of a session spends tens of
 * seconds here (MNIST download and decode, shader compilation on a software adapter).
 */
export type Stage = 'loading data' | 'compiling shaders' | 'starting the engine' | 'warming up';

export interface BatchOutcome {
  runs: RunResult[];
  stepsDone: number;
  cancelled: boolean;
  /** The state at the end (for a checkpoint when cancelled). */
  last: BatchCheckpoint;
}

export interface BatchOptions {
  increaseRelTol: number;
  chunkSteps?: number;
  onChunk?: (p: BatchProgress) => void;
  /** Continue from this checkpoint instead of step 0. */
  resume?: BatchCheckpoint;
  /** Take a checkpoint when this much wall time has passed since the last one (ms). */
  checkpointEveryMs?: number;
  onCheckpoint?: (cp: BatchCheckpoint) => Promise<void>;
  /** Told when a lost device was replaced and the batch went back to `step`. */
  onRecover?: (reason: string, step: number) => void;
  /** Told when the engine starts (shader compilation on a GPU) and when it starts stepping (with the engine's info, now complete). */
  onStage?: (stage: Stage, engine: EngineInfo) => void;
}

/** Aim for engine calls of about a quarter second: responsive to progress and cancel, cheap in overhead. */
const TARGET_CHUNK_MS = 250;
/** A device lost more often than this in one batch is a real fault, not a passing reset. */
const MAX_RECOVERIES = 3;

// About 80 lines: the chunk loop, its checkpoints and its device-loss recovery share the scheduler's
// state (done, next, series, streams), so they stay in one function where the recovery path is in view.
export async function runBatch(engine: Engine, problem: Problem, control: SweepControl, opts: BatchOptions): Promise<BatchOutcome> {
  const { config } = problem;
  const K = config.etas.length;
  const T = config.steps;
  const schedule = recordSteps(T, config.record);
  const streams = config.etas.map((eta) => new LossStream(eta, opts.increaseRelTol));
  let series = config.etas.map(() => emptySeries(config));
  const lastLoss = new Float64Array(K).fill(NaN);
  let status: RunStatus[] = new Array<RunStatus>(K).fill('running');
  let divergedAt: number[] = new Array<number>(K).fill(-1);
  let next = 0; // next schedule index to request
  let done = 0;

  /** Puts the scheduler's side back to a checkpoint (or to step 0). */
  const restore = (cp: BatchCheckpoint | undefined) => {
    done = cp?.done ?? 0;
    next = cp?.next ?? 0;
    series = cp ? structuredClone(cp.series) : config.etas.map(() => emptySeries(config));
    streams.forEach((s, k) => (cp ? s.restore(cp.streams[k]) : s.restore(new LossStream(s.eta).save())));
    status = cp ? cp.engine.status.slice() : new Array<RunStatus>(K).fill('running');
    divergedAt = cp ? cp.engine.divergedAt.slice() : new Array<number>(K).fill(-1);
  };
  const snapshot = async (): Promise<BatchCheckpoint> => ({
    done,
    next,
    series: structuredClone(series),
    streams: streams.map((s) => s.save()),
    engine: await engine.readState(),
  });

  opts.onStage?.(engine.info.kind === 'gpu' ? 'compiling shaders' : 'starting the engine', engine.info);
  await engine.init(problem);
  opts.onStage?.('warming up', engine.info);
  let lastGood = opts.resume;
  if (lastGood) await engine.writeState(lastGood.engine);
  restore(lastGood);
  let lastSaveAt = performance.now();
  let recoveries = 0;
  let cancelled = false;
  let t0 = performance.now();
  let stepsAtT0 = done;
  while (done < T) {
    if (!(await control.checkpoint())) {
      cancelled = true;
      break;
    }
    const chunk = Math.min(T - done, opts.chunkSteps ?? nextChunk(done - stepsAtT0, performance.now() - t0));
    const end = done + chunk;
    const { requests, look } = recordRequests(config, schedule, next, done, end);
    let res;
    try {
      if (opts.checkpointEveryMs !== undefined && performance.now() - lastSaveAt >= opts.checkpointEveryMs) {
        const cp = await snapshot();
        await opts.onCheckpoint?.(cp);
        lastGood = cp;
        lastSaveAt = performance.now();
      }
      res = await engine.advance(chunk, requests);
    } catch (err) {
      // A lost device fails whichever engine call comes next (a checkpoint's read or a step).
      const reason = (err as Error).message ?? String(err);
      if (!engine.recover || !(err instanceof DeviceLostError) || recoveries >= MAX_RECOVERIES) throw err;
      recoveries++;
      await engine.recover();
      if (lastGood) await engine.writeState(lastGood.engine);
      restore(lastGood);
      opts.onRecover?.(reason, done);
      t0 = performance.now();
      stepsAtT0 = done;
      continue;
    }
    next = look;
    absorb(config, res, streams, series);
    for (let k = 0; k < K; k++) lastLoss[k] = res.stepLoss[(chunk - 1) * K + k];
    status = res.status;
    divergedAt = res.divergedAt;
    done = end;
    const now = { status, divergedAt };
    opts.onChunk?.({ stepsDone: done, status, lastLoss, partial: () => runsOf(config, streams, now, structuredClone(series), 'cancelled') });
  }
  const last = await snapshot();
  return { runs: runsOf(config, streams, { status, divergedAt }, series, cancelled ? 'cancelled' : 'done'), stepsDone: done, cancelled, last };
}

/** The batch's runs from its series and streams; runs that did not diverge get `ending`. */
function runsOf(
  config: ExperimentConfig,
  streams: LossStream[],
  runs: { status: RunStatus[]; divergedAt: number[] },
  series: RunResult['series'][],
  ending: 'done' | 'cancelled',
): RunResult[] {
  return config.etas.map((eta, k) => ({
    eta,
    status: runs.status[k] === 'diverged' ? 'diverged' : ending,
    divergedAt: runs.divergedAt[k] >= 0 ? runs.divergedAt[k] : null,
    series: series[k],
    summary: summarize(streams[k], series[k].step, series[k].loss!.map((v) => v ?? NaN)),
  }));
}

/** The record requests of the chunk from `done` to `end`: the schedule's steps from index `next` on that fall in it. */
function recordRequests(config: ExperimentConfig, schedule: number[], next: number, done: number, end: number): { requests: RecordRequest[]; look: number } {
  const requests: RecordRequest[] = [];
  let look = next;
  while (look < schedule.length && schedule[look] <= end) {
    requests.push({ offset: schedule[look] - done, metrics: metricsAt(look, schedule.length, config.metrics, config.record) });
    look++;
  }
  return { requests, look };
}

/** A chunk's per-step losses into the analysis streams and its records into the series. */
function absorb(config: ExperimentConfig, res: AdvanceResult, streams: LossStream[], series: RunResult['series'][]): void {
  const K = config.etas.length;
  for (let o = 0; o < res.steps; o++) {
    for (let k = 0; k < K; k++) streams[k].push(res.startStep + o, res.stepLoss[o * K + k]);
  }
  for (const rec of res.records) {
    for (let k = 0; k < K; k++) {
      const s = series[k];
      s.step.push(rec.step);
      for (const m of config.metrics) s[m]!.push(finiteOrNull(rec.values[m]?.[k] ?? NaN));
      // The final state's loss exists only as a record; it completes the per-step stream.
      if (rec.step === config.steps) streams[k].push(config.steps, rec.values.loss?.[k] ?? NaN);
    }
  }
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
