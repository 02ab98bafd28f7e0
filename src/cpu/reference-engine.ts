// The float64 reference engine: plain loops, one η after another, written to be obviously right
// rather than fast, for the linear model and the NTK network (the MLP's is mlp-engine.ts). Every
// other engine is tested against it.

import type { ExperimentConfig } from '../core/config-types';
import type { AdvanceResult, Engine, EngineInfo, EngineState, Problem, RecordRequest } from '../core/engine';
import { initialWeights } from '../core/init';
import { makeLoss } from '../core/losses';
import { sgdSample } from '../core/rng';
import { makeCpuModel } from './models';
import { Objective } from './objective';
import { measureRun } from './measure';
import { startVector } from './sharpness';
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
    this.objective = new Objective(model, data, makeLoss(config.loss));
    this.w0 = initialWeights(config.model, data.d);
    this.runs = new CpuRunSet(config.etas.length, this.w0, () => startVector(model.size));
    this.f = new Float64Array(data.n);
    this.z = new Float64Array(data.n);
    this.grad = new Float64Array(model.size);
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    return this.runs.advance(steps, records, (k, chunk) => this.advanceRun(k, records, chunk));
  }

  private advanceRun(k: number, records: RecordRequest[], { startStep, steps, stepLoss, records: out }: ChunkOutput): void {
    const runs = this.runs;
    const K = runs.K;
    const w = runs.weights[k];
    const eta = this.config.etas[k];
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
      const loss = obj.lossFromMargins(this.z);
      if (!Number.isFinite(loss) || loss > this.config.divergeAbove) {
        runs.diverge(k, s);
        return;
      }
      if (o < steps) stepLoss[o * K + k] = loss;
      const needFullGradient = opt.kind === 'gd' || (wantRecord && records[next].metrics.includes('gradNorm'));
      if (needFullGradient) obj.gradient(w, this.z, this.grad);
      if (wantRecord) {
        const run = { k, w, w0: this.w0, z: this.z, loss, grad: this.grad, eigenvector: runs.eigenvectors[k], sharpnessIterations: this.config.record.sharpnessIterations };
        measureRun(obj, run, records[next].metrics, out[next]);
        next++;
      }
      if (o === steps) return;
      if (opt.kind === 'sgd') {
        const i = sgdSample(opt.orderSeed, s, obj.n);
        obj.model.sampleGradient(w, i, obj.data.y[i] * obj.loss.d1(this.z[i]), this.grad);
      }
      for (let j = 0; j < w.length; j++) w[j] -= eta * this.grad[j];
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
