// L(w) = (1/n) Σ ℓ(y_i f(x_i; w)) and its derivatives in float64, on top of a CpuModel.

import type { Dataset } from '../core/data/dataset';
import type { Loss } from '../core/losses';
import type { CpuModel } from './models';

export class Objective {
  readonly n: number;
  /** Scratch buffers, reused across calls (the engine is single-threaded). */
  private readonly coef: Float64Array;
  private readonly jv: Float64Array;

  constructor(
    readonly model: CpuModel,
    readonly data: Dataset,
    readonly loss: Loss,
  ) {
    this.n = data.n;
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

  /** ∇L(w) into out, given the margins at w. */
  gradient(w: Float64Array, z: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.n; i++) this.coef[i] = (this.data.y[i] * this.loss.d1(z[i])) / this.n;
    this.model.weightedGradient(w, this.coef, out);
  }

  /** ∇²L(w) v = Jᵀ diag(ℓ''(z)/n) J v (exact: both models are piecewise linear in w). */
  hessianVector(w: Float64Array, z: Float64Array, v: Float64Array, out: Float64Array): void {
    this.model.jvp(w, v, this.jv);
    // y_i² = 1, so the labels drop out of the Gauss–Newton weights.
    for (let i = 0; i < this.n; i++) this.coef[i] = (this.loss.d2(z[i]) * this.jv[i]) / this.n;
    this.model.weightedGradient(w, this.coef, out);
  }
}
