// The float64 engine for the fully connected network (model kind 'mlp'): K runs, one per η, from
// the same w_0, full-batch GD. The CPU backends (backend.ts) pick it for MLP configs.
//
// Metrics: loss, gradNorm, distFromInit, accuracy (argmax of the outputs; sign of y·f for one
// logit), sharpness (Lanczos on exact Hessian-vector products, warm-started from the previous top
// eigenvector; sharpnessIterations products). expLoss is the mean of e^{−y f} for one-logit binary
// data and NaN for multi-class data; margin (the linear model's normalized margin) is NaN for the
// MLP. NaN becomes null in results files.

import type { ExperimentConfig, MetricName, MlpModelConfig } from '../core/config-types';
import type { AdvanceResult, Engine, EngineInfo, EngineState, MetricRecord, Problem, RecordRequest } from '../core/engine';
import { mlpInitialWeights, mlpLayout, mlpOutputs } from '../core/mlp';
import { makeOutputLoss } from '../core/output-losses';
import { MlpNet } from './mlp-net';
import { lanczosTop } from './mlp-lanczos';
import { distance, norm, startVector } from './sharpness';
import { CpuRunSet, type ChunkOutput } from './run-set';
import { referenceInfo } from './reference-engine';

export class MlpCpuEngine implements Engine {
  readonly info: EngineInfo = referenceInfo();
  private config!: ExperimentConfig;
  private net!: MlpNet;
  private w0!: Float64Array;
  private runs = CpuRunSet.empty();
  private grad!: Float64Array;

  get step(): number {
    return this.runs.step;
  }

  async init(problem: Problem): Promise<void> {
    const { config, data } = problem;
    if (config.model.kind !== 'mlp') throw new Error('MlpCpuEngine: the model must be an mlp');
    if (config.optimizer.kind !== 'gd') throw new Error('MlpCpuEngine: the mlp model trains with full-batch GD only');
    this.config = config;
    const model: MlpModelConfig = config.model;
    const layout = mlpLayout(model, data.d, mlpOutputs(data));
    const loss = makeOutputLoss(config.loss, layout.dims[layout.layers], data.y, data.labels);
    this.net = new MlpNet(layout, model.activation, data, loss);
    this.w0 = mlpInitialWeights(model, layout);
    this.runs = new CpuRunSet(config.etas.length, this.w0, () => startVector(layout.size));
    this.grad = new Float64Array(layout.size);
  }

  /** The network (tests use it for gradients and Hessian-vector products). */
  get network(): MlpNet {
    return this.net;
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    return this.runs.advance(steps, records, (k, chunk) => this.advanceRun(k, records, chunk));
  }

  private advanceRun(k: number, records: RecordRequest[], { startStep, steps, stepLoss, records: out }: ChunkOutput): void {
    const runs = this.runs;
    const K = runs.K;
    const w = runs.weights[k];
    const eta = this.config.etas[k];
    let next = 0;
    for (let o = 0; o <= steps; o++) {
      if (runs.status[k] !== 'running') return;
      const wantRecord = next < records.length && records[next].offset === o;
      if (o === steps && !wantRecord) return;
      const loss = this.net.forward(w);
      if (!Number.isFinite(loss) || loss > this.config.divergeAbove) {
        runs.diverge(k, startStep + o);
        return;
      }
      if (o < steps) stepLoss[o * K + k] = loss;
      this.net.backward(w, this.grad);
      if (wantRecord) {
        this.measure(k, w, loss, records[next].metrics, out[next]);
        next++;
      }
      if (o === steps) return;
      for (let j = 0; j < w.length; j++) w[j] -= eta * this.grad[j];
    }
  }

  /** Fills record `rec` for run k at w (the net holds the forward and backward state at w). */
  private measure(k: number, w: Float64Array, loss: number, metrics: MetricName[], rec: MetricRecord): void {
    const net = this.net;
    for (const m of metrics) {
      const v = rec.values[m]!;
      switch (m) {
        case 'loss':
          v[k] = loss;
          break;
        case 'expLoss': {
          if (net.C !== 1) break;
          const f = net.outputs;
          const y = net.data.y;
          let s = 0;
          for (let i = 0; i < net.n; i++) s += Math.exp(-y[i] * f[i]);
          v[k] = s / net.n;
          break;
        }
        case 'gradNorm':
          v[k] = norm(this.grad);
          break;
        case 'distFromInit':
          v[k] = distance(w, this.w0);
          break;
        case 'accuracy':
          v[k] = net.correctCount() / net.n;
          break;
        case 'margin':
          break; // NaN: not defined for the MLP
        case 'sharpness':
          v[k] = lanczosTop(
            (u, hu) => net.hvp(w, u, hu),
            this.runs.eigenvectors[k],
            this.config.record.sharpnessIterations,
            () => startVector(w.length),
          );
          break;
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
