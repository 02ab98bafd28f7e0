// The sweep scheduler: takes any Engine through a whole sweep. It splits the η list into batches
// that fit the engine (GPU memory, WebAssembly memory: BatchLimitedEngine.batchFit), runs them in
// turn, reports progress and partial results to any listener, pauses, resumes and cancels through a
// SweepControl, and assembles the results file.

import { CapacityError } from '../core/config-error';
import { isBatchLimited, type Engine, type EngineInfo, type Problem, type RunStatus } from '../core/engine';
import { RESULTS_FORMAT, type Results, type RunResult } from '../core/results';
import { optimumSummary } from '../cpu/optimum';
import { CHECKPOINT_FORMAT, type SweepCheckpoint } from './checkpoint';
import { SweepControl } from './control';
import { runBatch, type Stage } from './run-batch';

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
  /** Told when an engine starts (before its first steps are counted) and when it starts stepping. */
  onStage?: (stage: Stage, engine: EngineInfo) => void;
  /** The results so far (runs not yet finished are marked cancelled), at most every partialEveryMs, and at once while paused. */
  onPartial?: (results: Results) => void;
  partialEveryMs?: number;
}

/**
 * The η batches: consecutive slices of the list of at most `perBatch` each. A resumed sweep keeps
 * the slices it ran (the finished runs, then the batch in progress as checkpointed) and slices the
 * rest, so a resume with a different memory limit still continues exactly where it stopped.
 */
function batchRanges(K: number, perBatch: number, resume?: SweepCheckpoint): [number, number][] {
  const ranges: [number, number][] = [];
  let at = 0;
  if (resume) {
    at = resume.completed.length + resume.current.engine.status.length;
    ranges.push([resume.completed.length, at]);
  }
  for (; at < K; at += perBatch) ranges.push([at, Math.min(at + perBatch, K)]);
  return ranges;
}

/** Most η per batch: the option, capped by what the engine says fits; a CapacityError when not one does. */
async function etasPerBatch(engine: Engine, problem: Problem, requested: number | undefined): Promise<number> {
  const { config, data } = problem;
  let perBatch = requested ?? config.etas.length;
  if (isBatchLimited(engine)) {
    const fit = await engine.batchFit(config, { n: data.n, d: data.d, classes: data.classes });
    if (fit.etas < 1) throw new CapacityError(`not even one run of this sweep fits the ${engine.info.kind.toUpperCase()} engine's memory: ${fit.limit ?? 'no reason given'}`);
    perBatch = Math.min(perBatch, fit.etas);
  }
  if (!(perBatch >= 1)) throw new Error(`max η per batch must be at least 1, got ${perBatch}`);
  return perBatch;
}

export async function runSweep(engine: Engine, problem: Problem, options: SweepOptions = {}): Promise<Results> {
  const { config } = problem;
  const control = options.control ?? new SweepControl(options.signal);
  if (options.control && options.signal) options.signal.addEventListener('abort', () => control.cancel(), { once: true });
  const resume = options.resume;
  if (resume && JSON.stringify(resume.config) !== JSON.stringify(config)) {
    throw new Error('runSweep: the checkpoint was taken for a different config');
  }
  const startedAt = resume ? new Date(resume.startedAt) : new Date();
  const t0 = performance.now() - (resume?.elapsedSeconds ?? 0) * 1000;
  const K = config.etas.length;
  const ranges = batchRanges(K, await etasPerBatch(engine, problem, options.maxEtasPerBatch), resume);
  const firstBatch = resume?.batch ?? 0;
  const batches = firstBatch + ranges.length;

  const runs: RunResult[] = resume ? structuredClone(resume.completed) : [];
  const progressRuns: RunProgress[] = config.etas.map((eta) => ({ eta, status: 'waiting', loss: NaN }));
  let stepsAllBatches = firstBatch * config.steps;
  let cancelled = false;
  let stepsDoneLast = 0;
  let lastPartial = -Infinity;
  const results = (status: Results['status'], stepsDone: number, all: RunResult[]): Results => {
    // Batches not run (after a cancel, or not yet) are empty, cancelled runs: nothing is silently dropped.
    const filled = [...all, ...config.etas.slice(all.length).map((eta) => emptyRun(eta, config.metrics))];
    return assemble(engine, problem, options, { startedAt, t0, steps: stepsAllBatches, status, stepsDone, runs: filled });
  };
  const checkpointOf = (b: number, current: SweepCheckpoint['current']): SweepCheckpoint => ({
    format: CHECKPOINT_FORMAT,
    config,
    batch: b,
    completed: runs.slice(), // a copy: the runs of this batch join `runs` once it ends
    current,
    elapsedSeconds: (performance.now() - t0) / 1000,
    startedAt: startedAt.toISOString(),
  });
  // The batch in progress as of its last chunk: a pause that lands between two partial reports (the
  // last one throttled away) still brings the listener up to the step counter.
  let inProgress: { stepsDone: number; partial: () => RunResult[] } | null = null;
  const partialNow = () => inProgress && options.onPartial?.(results('cancelled', inProgress.stepsDone, [...runs, ...inProgress.partial()]));
  const offPause = options.onPartial ? control.onPause(partialNow) : () => undefined;
  try {
    for (let i = 0; i < ranges.length && !cancelled; i++) {
      const b = firstBatch + i;
      const [first, end] = ranges[i];
      const sub = { ...problem, config: { ...config, etas: config.etas.slice(first, end) } };
      const outcome = await runBatch(engine, sub, control, {
        increaseRelTol: options.increaseRelTol ?? (engine.info.precision === 'float32' ? 1e-6 : 0),
        chunkSteps: options.chunkSteps,
        resume: resume && i === 0 ? resume.current : undefined,
        checkpointEveryMs: options.onCheckpoint ? (options.checkpointEveryMs ?? 60_000) : undefined,
        onCheckpoint: options.onCheckpoint ? (cp) => options.onCheckpoint!(checkpointOf(b, cp)) : undefined,
        onRecover: options.onRecover,
        onStage: options.onStage,
        onChunk: (p) => {
          p.status.forEach((s, k) => (progressRuns[first + k] = { eta: config.etas[first + k], status: s, loss: p.lastLoss[k] }));
          options.onProgress?.(progressOf(config.steps, b, batches, stepsAllBatches + p.stepsDone, p.stepsDone, t0, progressRuns));
          inProgress = p;
          const now = performance.now();
          // A pause brings the listener up to the step counter at once, instead of at the next tick.
          if (options.onPartial && (now - lastPartial >= (options.partialEveryMs ?? 400) || control.isPaused)) {
            lastPartial = now;
            partialNow();
          }
        },
      });
      cancelled = outcome.cancelled;
      // A cancelled batch is saved as it stands, so `--resume` continues it where it stopped.
      if (cancelled) await options.onCheckpoint?.(checkpointOf(b, outcome.last));
      inProgress = null;
      runs.push(...outcome.runs);
      outcome.runs.forEach((r, k) => (progressRuns[first + k].status = r.status === 'diverged' ? 'diverged' : 'done'));
      stepsAllBatches += outcome.stepsDone;
      stepsDoneLast = outcome.stepsDone;
    }
  } finally {
    offPause();
  }
  return results(cancelled ? 'cancelled' : 'done', stepsDoneLast, runs);
}

function progressOf(steps: number, batch: number, batches: number, doneAll: number, stepsDone: number, t0: number, runs: RunProgress[]): Progress {
  const total = steps * batches;
  const rate = doneAll / Math.max((performance.now() - t0) / 1000, 1e-9);
  return {
    stepsDone,
    totalSteps: steps,
    batch,
    batches,
    fraction: doneAll / total,
    stepsPerSecond: rate,
    etaSeconds: (total - doneAll) / Math.max(rate, 1e-9),
    diverged: runs.filter((r) => r.status === 'diverged').length,
    runs,
  };
}

interface Outcome {
  startedAt: Date;
  t0: number;
  /** Steps done over all batches (for the rate). */
  steps: number;
  status: Results['status'];
  stepsDone: number;
  runs: RunResult[];
}

function assemble(engine: Engine, { config, data }: Problem, options: SweepOptions, o: Outcome): Results {
  const wallSeconds = (performance.now() - o.t0) / 1000;
  const optimum = config.metrics.includes('distToOpt') ? optimumSummary(config, data) : null;
  return {
    format: RESULTS_FORMAT,
    config,
    engine: engine.info,
    environment: options.environment ?? { runtime: 'unknown', platform: 'unknown' },
    data: { name: data.name, n: data.n, d: data.d },
    timings: {
      startedAt: o.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      wallSeconds,
      stepsPerSecond: o.steps / Math.max(wallSeconds, 1e-9),
    },
    status: o.status,
    stepsDone: o.stepsDone,
    runs: o.runs,
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
