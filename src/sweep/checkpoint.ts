// Checkpoints: everything needed to continue a sweep exactly where it stopped. The engine's state
// (weights of every run, step, status; the RNG is counter-based, so the step is its position), the
// recorded series and the streaming analysis of the batch in progress, and the finished runs of
// earlier batches. Weights go to a binary file beside the JSON, as float64, bit for bit.

import type { LossStreamState } from '../core/analysis';
import type { ExperimentConfig } from '../core/config-types';
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

/** JSON metadata and the weights (then the eigenvectors, if any) as one float64 byte buffer, run after run. */
export function encodeCheckpoint(cp: SweepCheckpoint): { json: string; weights: Uint8Array } {
  const { weights: ws, eigenvectors: evs = [] } = cp.current.engine;
  const arrays = [...ws, ...evs];
  const flat = new Float64Array(arrays.reduce((s, w) => s + w.length, 0));
  let off = 0;
  for (const w of arrays) {
    flat.set(w, off);
    off += w.length;
  }
  const engine = { ...cp.current.engine, weights: ws.map((w) => w.length), eigenvectors: evs.map((v) => v.length) };
  const meta = { ...cp, current: { ...cp.current, engine } };
  return { json: JSON.stringify(meta), weights: new Uint8Array(flat.buffer) };
}

type EngineMeta = Omit<EngineState, 'weights' | 'eigenvectors'> & { weights: number[]; eigenvectors: number[] };

export function decodeCheckpoint(json: string, weights: Uint8Array, source: string): SweepCheckpoint {
  const meta = JSON.parse(json) as Omit<SweepCheckpoint, 'current'> & { current: Omit<BatchCheckpoint, 'engine'> & { engine: EngineMeta } };
  if (meta.format !== CHECKPOINT_FORMAT) throw new Error(`${source}: not a bigstep checkpoint (format ${JSON.stringify(meta.format)})`);
  const { weights: wLengths, eigenvectors: vLengths = [] } = meta.current.engine;
  const total = [...wLengths, ...vLengths].reduce((s, n) => s + n, 0);
  if (weights.byteLength !== total * 8) {
    throw new Error(`${source}: the weights file has ${weights.byteLength} bytes, expected ${total * 8} (checkpoint damaged or from another run)`);
  }
  const flat = new Float64Array(weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength));
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
  return { ...meta, current: { ...meta.current, engine } };
}
