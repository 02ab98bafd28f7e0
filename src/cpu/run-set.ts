// The K runs of a float64 CPU engine (one per η, all from the same w_0): their weights, their
// sharpness warm starts (power iteration or Lanczos), status and the step, with the Engine's state
// API and the bookkeeping around one chunk of steps. The reference engine and the MLP engine share
// it so that both checkpoint, resume and report divergence the same way.

import type { AdvanceResult, EngineState, MetricRecord, RecordRequest, RunStatus } from '../core/engine';
import { checkAdvance, checkStateShape, emptyValues } from '../core/engine-records';

/** What an engine's per-run loop fills for one chunk: loss of each step (step-major, K per step) and the records. */
export interface ChunkOutput {
  startStep: number;
  steps: number;
  stepLoss: Float64Array;
  records: MetricRecord[];
}

export class CpuRunSet {
  weights: Float64Array[];
  /** Run k's sharpness warm start, updated in place by the engine's eigen-solver. */
  eigenvectors: Float64Array[];
  /** Momentum runs' last steps w_t − w_{t−1} (zero at step 0); empty for the other optimizers. */
  velocities: Float64Array[];
  status: RunStatus[];
  divergedAt: number[];
  step = 0;

  constructor(K: number, w0: Float64Array, startVector: () => Float64Array, momentum = false) {
    this.weights = Array.from({ length: K }, () => w0.slice());
    this.eigenvectors = Array.from({ length: K }, startVector);
    this.velocities = momentum ? Array.from({ length: K }, () => new Float64Array(w0.length)) : [];
    this.status = new Array<RunStatus>(K).fill('running');
    this.divergedAt = new Array<number>(K).fill(-1);
  }

  /** No runs: an engine before init or after dispose. */
  static empty(): CpuRunSet {
    return new CpuRunSet(0, new Float64Array(0), () => new Float64Array(0));
  }

  get K(): number {
    return this.weights.length;
  }

  /** Run k stops: its loss at `step` was non-finite or above the divergence threshold. */
  diverge(k: number, step: number): void {
    this.status[k] = 'diverged';
    this.divergedAt[k] = step;
  }

  /** Checks the request, lets `advanceRun` take each run through the chunk, then moves the step on. */
  advance(steps: number, records: RecordRequest[], advanceRun: (k: number, chunk: ChunkOutput) => void): AdvanceResult {
    checkAdvance(steps, records);
    const K = this.K;
    const startStep = this.step;
    const chunk: ChunkOutput = {
      startStep,
      steps,
      stepLoss: new Float64Array(steps * K).fill(NaN),
      records: records.map((r) => ({ step: startStep + r.offset, values: emptyValues(r.metrics, K) })),
    };
    for (let k = 0; k < K; k++) advanceRun(k, chunk);
    this.step = startStep + steps;
    return { ...chunk, status: this.status.slice(), divergedAt: this.divergedAt.slice() };
  }

  readState(): EngineState {
    const state: EngineState = {
      step: this.step,
      weights: this.weights.map((w) => w.slice()),
      status: this.status.slice(),
      divergedAt: this.divergedAt.slice(),
      eigenvectors: this.eigenvectors.map((v) => v.slice()),
    };
    if (this.velocities.length > 0) state.velocities = this.velocities.map((v) => v.slice());
    return state;
  }

  /** Restores a state of the same shape (a checkpoint); warm starts are optional (other engines may not keep them). */
  writeState(state: EngineState): void {
    checkStateShape(state, this.K, this.weights[0]?.length ?? 0);
    state.weights.forEach((w, k) => this.weights[k].set(w));
    state.eigenvectors?.forEach((v, k) => this.eigenvectors[k].set(v));
    if (this.velocities.length > 0) {
      // A momentum run cannot resume without its last step: a state without one is of another sweep.
      if (state.velocities?.length !== this.K) throw new Error('engine state: a momentum method needs every run\'s velocity (w_t − w_{t−1})');
      state.velocities.forEach((v, k) => this.velocities[k].set(v));
    }
    this.status = state.status.slice();
    this.divergedAt = state.divergedAt.slice();
    this.step = state.step;
  }
}
