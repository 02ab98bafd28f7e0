// The sweep scheduler: takes any Engine through a whole sweep. It splits the η list into batches
// that fit the engine (GPU memory), runs them in turn, reports progress to any listener, pauses,
// resumes and cancels through a SweepControl, and assembles the results file.

import type { RunStatus, Engine, Problem } from '../core/engine';
import { RESULTS_FORMAT, type Results, type RunResult } from '../core/results';
import { optimumSummary } from '../cpu/optimum';
import { CHECKPOINT_FORMAT, type SweepCheckpoint } from './checkpoint';
import { SweepControl } from './control';
import { runBatch } from './run-batch';

export interface RunProgress {
  eta: number;
  status: RunStatus | 'waiting' | 'done';
  /** Loss at the last step done (NaN before the run starts or after it diverged). */
  loss: number;
}

export interface Progress {
  /** Steps done in the current batch, of totalSteps. */
  stepsDone: number;
  totalSteps: number;
  batch: number;
  batches: number;
  /** Fraction of the whole sweep done, 0..1. */
  fraction: number;
  stepsPerSecond: number;
  /** Seconds left for the whole sweep at the current rate. */
  etaSeconds: number;
  diverged: number;
  runs: RunProgress[];
}

export interface SweepOptions {
  onProgress?: (p: Progress) => void;
  /** Aborting stops the sweep after the current chunk; the results are then marked cancelled. */
  signal?: AbortSignal;
  /** Pause, resume and cancel from outside (the dashboard's buttons). */
  control?: SweepControl;
  /** Steps per engine call (default: sized to about a quarter second). */
  chunkSteps?: number;
  /** Largest number of η per engine batch (default: what the engine says fits, else all). */
  maxEtasPerBatch?: number;
  environment?: Results['environment'];
  /** Relative tolerance for counting loss increases (default 0 for float64, 1e-6 for float32 engines). */
  increaseRelTol?: number;
  /** Continue a stopped sweep (its config must be this problem's config). */
  resume?: SweepCheckpoint;
  /** Take a checkpoint at most this often (ms of wall time); one is also taken when cancelled. */
  checkpointEveryMs?: number;
  onCheckpoint?: (cp: SweepCheckpoint) => Promise<void>;
  /** Told when a lost GPU device was replaced and the sweep went back to its last checkpoint. */
  onRecover?: (reason: string, step: number) => void;
}

/** Engines that hold all runs in limited memory say how many η fit at once. */
export interface BatchLimitedEngine extends Engine {
  maxEtasPerBatch(problem: Problem): Promise<number>;
}

function isBatchLimited(engine: Engine): engine is BatchLimitedEngine {
  return typeof (engine as Partial<BatchLimitedEngine>).maxEtasPerBatch === 'function';
}

export async function runSweep(engine: Engine, problem: Problem, options: SweepOptions = {}): Promise<Results> {
  const { config, data } = problem;
  const control = options.control ?? new SweepControl(options.signal);
  if (options.control && options.signal) options.signal.addEventListener('abort', () => control.cancel(), { once: true });
  const resume = options.resume;
  if (resume && JSON.stringify(resume.config) !== JSON.stringify(config)) {
    throw new Error('runSweep: the checkpoint was taken for a different config');
  }
  const startedAt = resume ? new Date(resume.startedAt) : new Date();
  const t0 = performance.now() - (resume?.elapsedSeconds ?? 0) * 1000;
  const K = config.etas.length;
  let perBatch = options.maxEtasPerBatch ?? K;
  if (isBatchLimited(engine)) perBatch = Math.min(perBatch, await engine.maxEtasPerBatch(problem));
  if (!(perBatch >= 1)) throw new Error(`the engine cannot hold even one run of this config (max η per batch ${perBatch})`);
  const batches: number[][] = [];
  for (let i = 0; i < K; i += perBatch) batches.push(config.etas.slice(i, i + perBatch));

  const runs: RunResult[] = resume ? structuredClone(resume.completed) : [];
  const progressRuns: RunProgress[] = config.etas.map((eta) => ({ eta, status: 'waiting', loss: NaN }));
  let stepsAllBatches = resume ? resume.batch * config.steps : 0;
  let cancelled = false;
  let stepsDoneLast = 0;
  const checkpointOf = (b: number, current: SweepCheckpoint['current']): SweepCheckpoint => ({
    format: CHECKPOINT_FORMAT,
    config,
    batch: b,
    completed: runs,
    current,
    elapsedSeconds: (performance.now() - t0) / 1000,
    startedAt: startedAt.toISOString(),
  });
  for (let b = resume?.batch ?? 0; b < batches.length && !cancelled; b++) {
    const first = b * perBatch;
    const sub = { ...problem, config: { ...config, etas: batches[b] } };
    const outcome = await runBatch(engine, sub, control, {
      increaseRelTol: options.increaseRelTol ?? (engine.info.precision === 'float32' ? 1e-6 : 0),
      chunkSteps: options.chunkSteps,
      resume: resume && b === resume.batch ? resume.current : undefined,
      checkpointEveryMs: options.onCheckpoint ? (options.checkpointEveryMs ?? 60_000) : undefined,
      onCheckpoint: options.onCheckpoint ? (cp) => options.onCheckpoint!(checkpointOf(b, cp)) : undefined,
      onRecover: options.onRecover,
      onChunk: (p) => {
        p.status.forEach((s, k) => (progressRuns[first + k] = { eta: batches[b][k], status: s, loss: p.lastLoss[k] }));
        const total = config.steps * batches.length;
        const doneAll = stepsAllBatches + p.stepsDone;
        const elapsed = (performance.now() - t0) / 1000;
        const rate = doneAll / Math.max(elapsed, 1e-9);
        options.onProgress?.({
          stepsDone: p.stepsDone,
          totalSteps: config.steps,
          batch: b,
          batches: batches.length,
          fraction: doneAll / total,
          stepsPerSecond: rate,
          etaSeconds: (total - doneAll) / Math.max(rate, 1e-9),
          diverged: progressRuns.filter((r) => r.status === 'diverged').length,
          runs: progressRuns,
        });
      },
    });
    cancelled = outcome.cancelled;
    // A cancelled batch is saved as it stands, so `--resume` continues it where it stopped.
    if (cancelled) await options.onCheckpoint?.(checkpointOf(b, outcome.last));
    runs.push(...outcome.runs);
    outcome.runs.forEach((r, k) => (progressRuns[first + k].status = r.status === 'diverged' ? 'diverged' : 'done'));
    stepsAllBatches += outcome.stepsDone;
    stepsDoneLast = outcome.stepsDone;
  }
  // Batches never started (after a cancel) are kept as empty, cancelled runs: nothing is silently dropped.
  for (let k = runs.length; k < K; k++) runs.push(emptyRun(config.etas[k], config.metrics));

  const wallSeconds = (performance.now() - t0) / 1000;
  const optimum = config.metrics.includes('distToOpt') ? optimumSummary(config, data) : null;
  return {
    format: RESULTS_FORMAT,
    config,
    engine: engine.info,
    environment: options.environment ?? { runtime: 'unknown', platform: 'unknown' },
    data: { name: data.name, n: data.n, d: data.d },
    timings: {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      wallSeconds,
      stepsPerSecond: stepsAllBatches / Math.max(wallSeconds, 1e-9),
    },
    status: cancelled ? 'cancelled' : 'done',
    stepsDone: stepsDoneLast,
    runs,
    ...(optimum ? { optimum } : {}),
  };
}

function emptyRun(eta: number, metrics: Results['config']['metrics']): RunResult {
  const series: RunResult['series'] = { step: [] };
  for (const m of metrics) series[m] = [];
  return {
    eta,
    status: 'cancelled',
    divergedAt: null,
    series,
    summary: {
      phaseTransitionStep: null,
      monotoneAfterTransition: null,
      lossIncreases: 0,
      lastIncreaseStep: null,
      maxLoss: null,
      maxLossStep: null,
      lateSlope: null,
      etaTLoss: null,
      finalStep: 0,
      finalLoss: null,
      latePeriod: null,
    },
  };
}
