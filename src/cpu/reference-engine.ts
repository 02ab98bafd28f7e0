// The float64 reference engine: plain loops, one η after another, written to be obviously right
// rather than fast, for the linear model and the NTK network (the MLP's is mlp-engine.ts). Every
// other engine is tested against it.

import { momentumBeta } from '../core/config-optimizer';
import type { ExperimentConfig } from '../core/config-types';
import type { AdvanceResult, Engine, EngineInfo, EngineState, Problem, RecordRequest } from '../core/engine';
import { initialWeights } from '../core/init';
import { sgdSample } from '../core/rng';
import { makeCpuModel } from './models';
import { makeObjective, type Objective } from './objective';
import { measureRun } from './measure';
import { findOptimum, optimumOrFail, type Optimum } from './optimum';
import { norm, startVector } from './sharpness';
import { CpuRunSet, type ChunkOutput } from './run-set';

export class CpuEngine implements Engine {
  readonly info: EngineInfo;
  private config!: ExperimentConfig;
  private objective!: Objective;
  private w0!: Float64Array;
  private runs = CpuRunSet.empty();
  // Scratch space shared by all η (they run one after another).
  private f!: Float64Array;
  private z!: Float64Array;
  private grad!: Float64Array;
  /** Nesterov's look-ahead point w_t + β(w_t − w_{t−1}). */
  private lookahead!: Float64Array;
  /** The minimiser w*, found once when distToOpt is recorded. */
  private optimum: Optimum | null = null;

  constructor() {
    this.info = referenceInfo();
  }

  get step(): number {
    return this.runs.step;
  }

  async init(problem: Problem): Promise<void> {
    const { config, data } = problem;
    if (config.model.kind === 'mlp') throw new Error('CpuEngine runs the linear and NTK models; the mlp model has its own engine (src/cpu/mlp-engine.ts)');
    this.config = config;
    const model = makeCpuModel(config.model, data);
    this.w0 = initialWeights(config.model, data.d);
    this.objective = makeObjective(config, data, model, this.w0);
    const momentum = momentumBeta(config.optimizer) !== null;
    this.runs = new CpuRunSet(config.etas.length, this.w0, () => startVector(model.size), momentum);
    this.f = new Float64Array(data.n);
    this.z = new Float64Array(data.n);
    this.grad = new Float64Array(model.size);
    this.lookahead = new Float64Array(config.optimizer.kind === 'nesterov' ? model.size : 0);
    this.optimum = config.metrics.includes('distToOpt') ? optimumOrFail(findOptimum(this.objective, this.w0), data.name) : null;
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    return this.runs.advance(steps, records, (k, chunk) => this.advanceRun(k, records, chunk));
  }

  private advanceRun(k: number, records: RecordRequest[], { startStep, steps, stepLoss, records: out }: ChunkOutput): void {
    const runs = this.runs;
    const K = runs.K;
    const w = runs.weights[k];
    const obj = this.objective;
    const opt = this.config.optimizer;
    let next = 0; // index of the next record request
    for (let o = 0; o <= steps; o++) {
      if (runs.status[k] !== 'running') return;
      const s = startStep + o;
      const wantRecord = next < records.length && records[next].offset === o;
      if (o === steps && !wantRecord) return;
      obj.model.forward(w, this.f);
      obj.margins(this.f, this.z);
      const loss = obj.value(w, this.z);
      if (!Number.isFinite(loss) || loss > this.config.divergeAbove) {
        runs.diverge(k, s);
        return;
      }
      if (o < steps) stepLoss[o * K + k] = loss;
      // The step's own gradient at w (every optimizer but SGD and Nesterov), or a recorded gradNorm's.
      const stepGradientAtW = opt.kind === 'gd' || opt.kind === 'adaptive' || opt.kind === 'heavyBall';
      if (stepGradientAtW || (wantRecord && records[next].metrics.includes('gradNorm'))) obj.gradient(w, this.z, this.grad);
      if (wantRecord) {
        const run = { k, w, w0: this.w0, z: this.z, loss, grad: this.grad, eigenvector: runs.eigenvectors[k], sharpnessIterations: this.config.record.sharpnessIterations, wStar: this.optimum?.w };
        measureRun(obj, run, records[next].metrics, out[next]);
        next++;
      }
      if (o === steps) return;
      this.update(k, s, loss);
    }
  }

  /** w_t → w_{t+1} for run k, given L(w_t) and (where the optimizer steps along it) ∇L(w_t) in this.grad. */
  private update(k: number, s: number, loss: number): void {
    const w = this.runs.weights[k];
    const eta = this.config.etas[k];
    const obj = this.objective;
    const grad = this.grad;
    const opt = this.config.optimizer;
    switch (opt.kind) {
      case 'gd':
        for (let j = 0; j < w.length; j++) w[j] -= eta * grad[j];
        return;
      case 'sgd': {
        const i = sgdSample(opt.orderSeed, s, obj.n);
        obj.model.sampleGradient(w, i, obj.data.y[i] * obj.loss.d1(this.z[i]), grad);
        obj.addL2Gradient(w, grad);
        for (let j = 0; j < w.length; j++) w[j] -= eta * grad[j];
        return;
      }
      case 'adaptive': {
        // η_t = η/L(w_t) or η/‖∇L(w_t)‖, applied as η·(∇L/L): |ℓ′| ≤ ℓ for the logistic loss keeps ∇L/L
        // bounded even when L is near the underflow limit, where η/L alone would overflow to Infinity.
        // At an exact zero there is nothing left to step along.
        const scale = opt.by === 'loss' ? loss : norm(grad);
        if (!(scale > 0)) return;
        for (let j = 0; j < w.length; j++) w[j] -= eta * (grad[j] / scale);
        return;
      }
      case 'heavyBall':
      case 'nesterov': {
        const v = this.runs.velocities[k];
        const beta = opt.beta;
        if (opt.kind === 'nesterov') {
          // The gradient at the look-ahead point u = w_t + β(w_t − w_{t−1}).
          const u = this.lookahead;
          for (let j = 0; j < w.length; j++) u[j] = w[j] + beta * v[j];
          obj.model.forward(u, this.f);
          obj.margins(this.f, this.z);
          obj.gradient(u, this.z, grad);
        }
        for (let j = 0; j < w.length; j++) {
          const dw = beta * v[j] - eta * grad[j];
          w[j] += dw;
          v[j] = dw;
        }
        return;
      }
    }
  }

  async readState(): Promise<EngineState> {
    return this.runs.readState();
  }

  async writeState(state: EngineState): Promise<void> {
    this.runs.writeState(state);
  }

  async dispose(): Promise<void> {
    this.runs = CpuRunSet.empty();
  }
}

/** The float64 reference engines' EngineInfo (the runtime named: Node's version, or the browser). */
export function referenceInfo(): EngineInfo {
  // globalThis.process: this file also runs in the browser, which is type-checked without Node's types.
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  const runtime = node ? `Node ${node}` : 'browser';
  return { kind: 'cpu', name: `float64 reference (${runtime})`, precision: 'float64' };
}
