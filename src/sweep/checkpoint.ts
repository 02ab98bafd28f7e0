// Checkpoints: everything needed to continue a sweep exactly where it stopped. The engine's state
// (weights of every run, step, status; the RNG is counter-based, so the step is its position), the
// recorded series and the streaming analysis of the batch in progress, and the finished runs of
// earlier batches. Weights go to a binary file beside the JSON, as float64, bit for bit; the files'
// integrity (checksums, generations) is src/cli/checkpoint-files.ts's job, the content's is here.

import type { LossStreamState } from '../core/analysis';
import { recordSteps } from '../core/cadence';
import { ConfigError, DataError } from '../core/config-error';
import type { ExperimentConfig } from '../core/config-types';
import { validateRun, validateSeries } from '../core/results-schema';
import { expectArray, expectNumber, expectObject, expectOneOf, expectString, prefix } from '../core/validate';
import type { EngineState, RunStatus } from '../core/engine';
import type { RunResult } from '../core/results';

export const CHECKPOINT_FORMAT = 'bigstep.checkpoint/1';

export interface BatchCheckpoint {
  /** Steps done in this batch (= engine.step). */
  done: number;
  /** Index of the next recording step to request. */
  next: number;
  series: RunResult['series'][];
  streams: LossStreamState[];
  engine: EngineState;
}

export interface SweepCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  /** The config being run (after study expansion and sharding). */
  config: ExperimentConfig;
  /** Index of the batch in progress. */
  batch: number;
  /** Finished runs of the batches before it. */
  completed: RunResult[];
  current: BatchCheckpoint;
  /** Wall time spent before this checkpoint, so timings add up across a resume. */
  elapsedSeconds: number;
  startedAt: string;
}

/** The metadata and the weights (then the eigenvectors and momentum velocities, if any) as one float64 array, run after run. */
export function encodeCheckpoint(cp: SweepCheckpoint): { meta: CheckpointMeta; weights: Float64Array } {
  const { weights: ws, eigenvectors: evs = [], velocities: vels = [] } = cp.current.engine;
  const arrays = [...ws, ...evs, ...vels];
  const flat = new Float64Array(arrays.reduce((s, w) => s + w.length, 0));
  let off = 0;
  for (const w of arrays) {
    flat.set(w, off);
    off += w.length;
  }
  const engine: EngineMeta = { ...cp.current.engine, weights: ws.map((w) => w.length), eigenvectors: evs.map((v) => v.length), velocities: vels.map((v) => v.length) };
  if (vels.length === 0) delete engine.velocities;
  return { meta: { ...cp, current: { ...cp.current, engine } }, weights: flat };
}

type EngineMeta = Omit<EngineState, 'weights' | 'eigenvectors' | 'velocities'> & { weights: number[]; eigenvectors: number[]; velocities?: number[] };

/** The checkpoint's JSON side as stored: the engine's arrays replaced by their lengths. */
export type CheckpointMeta = Omit<SweepCheckpoint, 'current'> & { current: Omit<BatchCheckpoint, 'engine'> & { engine: EngineMeta } };

/**
 * Checks a checkpoint's metadata (read from a file, so untrusted even when its checksum holds: it may
 * have been written by hand) against the config it must continue. Throws a ConfigError naming the
 * first bad field; what passes can be handed to the scheduler without any later TypeError.
 */
export function validateCheckpointMeta(value: unknown, config: ExperimentConfig): CheckpointMeta {
  const m = expectObject(value, 'checkpoint');
  if (m.format !== CHECKPOINT_FORMAT) throw new ConfigError('format', m.format, `"${CHECKPOINT_FORMAT}"`);
  if (JSON.stringify(m.config) !== JSON.stringify(config)) throw new ConfigError('config', undefined, 'the config of this sweep (the checkpoint is of a different sweep)');
  const K = config.etas.length;
  expectNumber(m.batch, 'batch', { min: 0, max: K - 1, integer: true });
  const completed = expectArray(m.completed, 'completed', 0, K - 1);
  completed.forEach((run, i) => validateRun(run, `completed[${i}]`, config.etas[i], config.metrics));
  expectNumber(m.elapsedSeconds, 'elapsedSeconds', { min: 0 });
  expectString(m.startedAt, 'startedAt', 64);
  const cur = expectObject(m.current, 'current');
  const engine = expectObject(cur.engine, 'current.engine');
  const Kb = expectArray(engine.status, 'current.engine.status', 1, K - completed.length).length;
  const steps = config.steps;
  const done = expectNumber(cur.done, 'current.done', { min: 0, max: steps, integer: true });
  expectNumber(cur.next, 'current.next', { min: 0, max: recordSteps(steps, config.record).length, integer: true });
  if (engine.step !== done) throw new ConfigError('current.engine.step', engine.step, `${done} (current.done)`);
  (engine.status as unknown[]).forEach((s, k) => expectOneOf(s, `current.engine.status[${k}]`, ['running', 'diverged'] as const));
  expectArray(engine.divergedAt, 'current.engine.divergedAt', Kb, Kb).forEach((s, k) => expectNumber(s, `current.engine.divergedAt[${k}]`, { min: -1, max: steps, integer: true }));
  const lengths = (key: 'weights' | 'eigenvectors' | 'velocities', min: number) =>
    expectArray(engine[key] ?? [], `current.engine.${key}`, min, Kb).forEach((n, k) => expectNumber(n, `current.engine.${key}[${k}]`, { min: 0, max: 2 ** 32, integer: true }));
  lengths('weights', Kb);
  lengths('eigenvectors', 0);
  lengths('velocities', 0);
  expectArray(cur.series, 'current.series', Kb, Kb).forEach((s, k) => validateSeries(s, `current.series[${k}]`, config.metrics));
  expectArray(cur.streams, 'current.streams', Kb, Kb).forEach((s, k) => validateStream(s, `current.streams[${k}]`));
  return m as unknown as CheckpointMeta;
}

function validateStream(value: unknown, at: string): void {
  const s = expectObject(value, at);
  const numOrNull = (key: keyof LossStreamState, integer: boolean) => {
    if (s[key] !== null) expectNumber(s[key], prefix(at, key), { integer, min: integer ? -1 : -Number.MAX_VALUE });
  };
  for (const key of ['step', 'increasesAfterTransition', 'lossIncreases', 'maxLossStep'] as const) expectNumber(s[key], prefix(at, key), { integer: true, min: -1 });
  numOrNull('phaseTransitionStep', true);
  numOrNull('lastIncreaseStep', true);
  numOrNull('prev', false);
  numOrNull('maxLoss', false);
}

/** The engine's arrays from the flat float64 weights of the binary file, in the lengths the metadata gives. */
export function decodeCheckpoint(meta: CheckpointMeta, flat: Float64Array, source: string): SweepCheckpoint {
  const { weights: wLengths, eigenvectors: vLengths = [], velocities: velLengths = [] } = meta.current.engine;
  const total = [...wLengths, ...vLengths, ...velLengths].reduce((s, n) => s + n, 0);
  if (flat.length !== total) {
    throw new DataError(source, `the weights file holds ${flat.length} numbers, the metadata expects ${total} (checkpoint damaged or from another run)`);
  }
  let off = 0;
  const take = (n: number) => {
    const w = flat.slice(off, off + n);
    off += n;
    return w;
  };
  const engine: EngineState = {
    step: meta.current.engine.step,
    weights: wLengths.map(take),
    status: meta.current.engine.status as RunStatus[],
    divergedAt: meta.current.engine.divergedAt,
  };
  if (vLengths.length > 0) engine.eigenvectors = vLengths.map(take);
  if (velLengths.length > 0) engine.velocities = velLengths.map(take);
  return { ...meta, current: { ...meta.current, engine } };
}
