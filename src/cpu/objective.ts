// L(w) = (1/n) Σ ℓ(y_i f(x_i; w)) + λ/2·‖w − w₀‖² and its derivatives in float64, on top of a CpuModel.
// With λ = 0 (every config without loss.l2) the ℓ2 term is skipped altogether, so those runs are
// computed exactly as before it existed.

import type { ExperimentConfig } from '../core/config-types';
import type { Dataset } from '../core/data/dataset';
import { makeLoss, type Loss } from '../core/losses';
import type { CpuModel } from './models';

/** The ℓ2 term's strength λ and centre w₀ (the run's initial weights). */
export interface L2Term {
  lambda: number;
  w0: Float64Array;
}

export class Objective {
  readonly n: number;
  /** λ of the ℓ2 term (0: none). */
  readonly lambda: number;
  private readonly w0: Float64Array;
  /** Scratch buffers, reused across calls (the engine is single-threaded). */
  private readonly coef: Float64Array;
  private readonly jv: Float64Array;

  constructor(
    readonly model: CpuModel,
    readonly data: Dataset,
    readonly loss: Loss,
    l2?: L2Term,
  ) {
    this.n = data.n;
    this.lambda = l2?.lambda ?? 0;
    this.w0 = l2?.w0 ?? new Float64Array(0);
    this.coef = new Float64Array(data.n);
    this.jv = new Float64Array(data.n);
  }

  /** z_i = y_i f_i from the outputs f. */
  margins(f: Float64Array, z: Float64Array): void {
    for (let i = 0; i < this.n; i++) z[i] = this.data.y[i] * f[i];
  }

  /** Mean loss from margins; a plain sum of non-negative terms, so tiny values keep their digits. */
  lossFromMargins(z: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.loss.value(z[i]);
    return s / this.n;
  }

  /** The objective at w from its margins: the mean loss plus the ℓ2 term. */
  value(w: Float64Array, z: Float64Array): number {
    const mean = this.lossFromMargins(z);
    if (this.lambda === 0) return mean;
    let s = 0;
    for (let j = 0; j < w.length; j++) s += (w[j] - this.w0[j]) ** 2;
    return mean + (this.lambda / 2) * s;
  }

  /** ∇L(w) into out, given the margins at w. */
  gradient(w: Float64Array, z: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.n; i++) this.coef[i] = (this.data.y[i] * this.loss.d1(z[i])) / this.n;
    this.model.weightedGradient(w, this.coef, out);
    this.addL2Gradient(w, out);
  }

  /** out += λ(w − w₀): the ℓ2 term's gradient (also added to online SGD's one-sample gradient). */
  addL2Gradient(w: Float64Array, out: Float64Array): void {
    if (this.lambda === 0) return;
    for (let j = 0; j < w.length; j++) out[j] += this.lambda * (w[j] - this.w0[j]);
  }

  /** ∇²L(w) v = Jᵀ diag(ℓ''(z)/n) J v + λv (exact: both models are piecewise linear in w). */
  hessianVector(w: Float64Array, z: Float64Array, v: Float64Array, out: Float64Array): void {
    this.model.jvp(w, v, this.jv);
    // y_i² = 1, so the labels drop out of the Gauss–Newton weights.
    for (let i = 0; i < this.n; i++) this.coef[i] = (this.loss.d2(z[i]) * this.jv[i]) / this.n;
    this.model.weightedGradient(w, this.coef, out);
    if (this.lambda === 0) return;
    for (let j = 0; j < v.length; j++) out[j] += this.lambda * v[j];
  }
}

/** The objective of a linear or NTK config: its loss, with the ℓ2 term λ/2·‖w − w₀‖² when loss.l2 is set. */
export function makeObjective(config: ExperimentConfig, data: Dataset, model: CpuModel, w0: Float64Array): Objective {
  const lambda = config.loss.l2 ?? 0;
  return new Objective(model, data, makeLoss(config.loss), lambda > 0 ? { lambda, w0 } : undefined);
}
