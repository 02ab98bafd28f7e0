// The two models in float64, written as the four products every algorithm here needs:
// f = F(w) (outputs for all samples), the weighted gradient Σ_i c_i ∇f_i(w), the Jacobian–vector
// product J v and the single-sample gradient. Both models are piecewise linear in w, so the Hessian
// of L is exactly Jᵀ diag(ℓ''(z)/n) J and these products are all that sharpness needs too.

import type { ModelConfig } from '../core/config-types';
import type { Dataset } from '../core/data/dataset';
import { outputSigns } from '../core/init';

export interface CpuModel {
  /** Number of parameters. */
  readonly size: number;
  /** out[i] = f(x_i; w) for every sample. */
  forward(w: Float64Array, out: Float64Array): void;
  /** out = Σ_i c_i ∇_w f(x_i; w) (ReLU patterns taken at w). */
  weightedGradient(w: Float64Array, c: Float64Array, out: Float64Array): void;
  /** out[i] = ∇_w f(x_i; w) · v. */
  jvp(w: Float64Array, v: Float64Array, out: Float64Array): void;
  /** out = c ∇_w f(x_i; w) for one sample i (online SGD). */
  sampleGradient(w: Float64Array, i: number, c: number, out: Float64Array): void;
}

export function makeCpuModel(config: ModelConfig, data: Dataset): CpuModel {
  if (config.kind === 'mlp') throw new Error('the mlp model has vector outputs: it runs on MlpCpuEngine (src/cpu/mlp-engine.ts)');
  return config.kind === 'linear' ? new LinearModel(data) : new NtkModel(data, config.width, outputSigns(config));
}

function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, len: number): number {
  let s = 0;
  for (let j = 0; j < len; j++) s += a[aOff + j] * b[bOff + j];
  return s;
}

/** f(x; w) = xᵀw. */
class LinearModel implements CpuModel {
  readonly size: number;
  constructor(private readonly data: Dataset) {
    this.size = data.d;
  }

  forward(w: Float64Array, out: Float64Array): void {
    const { n, d, x } = this.data;
    for (let i = 0; i < n; i++) out[i] = dot(x, i * d, w, 0, d);
  }

  weightedGradient(_w: Float64Array, c: Float64Array, out: Float64Array): void {
    const { n, d, x } = this.data;
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const ci = c[i];
      if (ci === 0) continue;
      const off = i * d;
      for (let j = 0; j < d; j++) out[j] += ci * x[off + j];
    }
  }

  jvp(_w: Float64Array, v: Float64Array, out: Float64Array): void {
    this.forward(v, out);
  }

  sampleGradient(_w: Float64Array, i: number, c: number, out: Float64Array): void {
    const { d, x } = this.data;
    for (let j = 0; j < d; j++) out[j] = c * x[i * d + j];
  }
}

/** f(x; W) = (1/√m) Σ_s a_s max(xᵀw_s, 0), W row-major m×d. */
class NtkModel implements CpuModel {
  readonly size: number;
  private readonly m: number;
  private readonly scale: number;

  constructor(
    private readonly data: Dataset,
    width: number,
    private readonly a: Float64Array,
  ) {
    this.m = width;
    this.size = width * data.d;
    this.scale = 1 / Math.sqrt(width);
  }

  forward(w: Float64Array, out: Float64Array): void {
    const { n, d, x } = this.data;
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let s = 0; s < this.m; s++) {
        const pre = dot(x, i * d, w, s * d, d);
        if (pre > 0) f += this.a[s] * pre;
      }
      out[i] = f * this.scale;
    }
  }

  weightedGradient(w: Float64Array, c: Float64Array, out: Float64Array): void {
    const { n, d, x } = this.data;
    out.fill(0);
    for (let s = 0; s < this.m; s++) {
      const as = this.a[s] * this.scale;
      const off = s * d;
      for (let i = 0; i < n; i++) {
        if (c[i] === 0 || dot(x, i * d, w, off, d) <= 0) continue;
        const k = c[i] * as;
        for (let j = 0; j < d; j++) out[off + j] += k * x[i * d + j];
      }
    }
  }

  jvp(w: Float64Array, v: Float64Array, out: Float64Array): void {
    const { n, d, x } = this.data;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let s = 0; s < this.m; s++) {
        if (dot(x, i * d, w, s * d, d) > 0) acc += this.a[s] * dot(x, i * d, v, s * d, d);
      }
      out[i] = acc * this.scale;
    }
  }

  sampleGradient(w: Float64Array, i: number, c: number, out: Float64Array): void {
    const { d, x } = this.data;
    out.fill(0);
    for (let s = 0; s < this.m; s++) {
      if (dot(x, i * d, w, s * d, d) <= 0) continue;
      const k = c * this.a[s] * this.scale;
      for (let j = 0; j < d; j++) out[s * d + j] = k * x[i * d + j];
    }
  }
}
