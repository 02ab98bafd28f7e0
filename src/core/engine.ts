// The one interface that the float64 CPU reference and the WebGPU engine implement, and that the
// sweep driver, the CLI, the dashboard, the tests and the benchmarks drive.
//
// An engine holds K runs side by side, one per stepsize η_k, all starting from the same w_0, and
// advances them together. Step s means the weights w_s after s updates (w_0 is step 0). Advancing
// from step t by n steps computes ∇L(w_s) for s = t..t+n−1 and hence L(w_s) for free: those
// per-step losses always come back (the phase transition and loss increases need every step), while
// the costlier metrics come back only at the steps the caller asks for.

import type { DataDims } from './budget';
import type { ExperimentConfig, MetricName } from './config-types';
import type { Dataset } from './data/dataset';

export interface Problem {
  config: ExperimentConfig;
  data: Dataset;
}

export type RunStatus = 'running' | 'diverged';

export interface EngineInfo {
  kind: 'cpu' | 'gpu';
  /** e.g. "float64 reference (Node 20.20.2)" or the adapter's description. */
  name: string;
  precision: 'float64' | 'float32';
  /** GPU adapter info (vendor, architecture, device, description) when there is one. */
  adapter?: Record<string, string>;
  /** Adapter limits the engine requested, when relevant. */
  limits?: Record<string, number>;
}

export interface RecordRequest {
  /** Steps after the current one, 0..n inclusive (n = the state after the last update). */
  offset: number;
  metrics: MetricName[];
}

export interface MetricRecord {
  step: number;
  /** One value per η for every requested metric; NaN where the run had diverged. */
  values: Partial<Record<MetricName, Float64Array>>;
}

export interface AdvanceResult {
  /** The step the engine was at before this call. */
  startStep: number;
  steps: number;
  /** L(w_s) for s = startStep .. startStep+steps−1, row-major [step][η]; NaN once a run diverged. */
  stepLoss: Float64Array;
  records: MetricRecord[];
  /** Status of every run after the call. */
  status: RunStatus[];
  /** First step at which each run was found diverged (−1 if it is running). */
  divergedAt: number[];
}

/** Everything needed to resume: the step, every run's weights and status (the RNG is counter-based). */
export interface EngineState {
  step: number;
  /** weights[k] is run k's flat parameter vector (w for linear; W row-major m×d for NTK). */
  weights: Float64Array[];
  status: RunStatus[];
  divergedAt: number[];
  /** Power-iteration warm starts (sharpness), when the engine keeps them: resuming then gives the same sharpness bit for bit. */
  eigenvectors?: Float64Array[];
  /** Momentum methods (heavyBall, nesterov): each run's last step w_t − w_{t−1}, the state beside the weights. */
  velocities?: Float64Array[];
}

export interface Engine {
  readonly info: EngineInfo;
  /** Prepares K = config.etas.length runs at step 0 from the same w_0. */
  init(problem: Problem): Promise<void>;
  /** The current step. */
  readonly step: number;
  /** Advances every running η by `steps` steps; `records` must have offsets in 0..steps, ascending. */
  advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult>;
  readState(): Promise<EngineState>;
  writeState(state: EngineState): Promise<void>;
  dispose(): Promise<void>;
  /**
   * After the engine failed (a lost GPU device), get a working one again for the same problem, at
   * step 0: the scheduler then writes the last checkpoint's state into it. Engines that cannot fail
   * this way leave it out.
   */
  recover?(): Promise<void>;
}

/** How many η of a config an engine holds at once, and what stops one more. */
export interface BatchFit {
  /** The most η per batch (at most the config's count); 0 when not even one run fits. */
  etas: number;
  /** When not every η fits: the limit hit by one more (e.g. the planner's message). */
  limit?: string;
}

/**
 * An engine that holds its runs in limited memory (GPU memory, WebAssembly's 4 GiB): it says how
 * many η fit, and the scheduler runs a longer η list in consecutive batches of that size.
 */
export interface BatchLimitedEngine extends Engine {
  batchFit(config: ExperimentConfig, dims: DataDims): Promise<BatchFit>;
}

export function isBatchLimited(engine: Engine): engine is BatchLimitedEngine {
  return typeof (engine as Partial<BatchLimitedEngine>).batchFit === 'function';
}

/**
 * The largest K in 1..max for which `fits(K)` holds (memory grows with K, so one binary search),
 * with the reason `fits` gave for the smallest K that does not fit.
 */
export function largestFitting(max: number, fits: (K: number) => string | null): BatchFit {
  const whyAll = fits(max);
  if (whyAll === null) return { etas: max };
  let lo = 0; // fits (0 trivially)
  let hi = max; // does not fit
  let why = whyAll;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const reason = fits(mid);
    if (reason === null) lo = mid;
    else [hi, why] = [mid, reason];
  }
  return { etas: lo, limit: why };
}
