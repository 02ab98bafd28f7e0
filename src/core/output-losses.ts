// Losses on a sample's output vector f ∈ R^C (the MLP), in float64: the multi-class losses
// softmax cross-entropy and mean squared error against one-hot targets, and the binary margin
// losses of losses.ts seen as losses of a one-logit output (f ∈ R^1, ℓ(y·f)). Each gives the value,
// the gradient g = ∂ℓ/∂f and the product with the output Hessian ∂²ℓ/∂f² (all per sample; the
// objective averages over samples).
//
// softmaxCE: ℓ = logsumexp(f) − f_y; g = p − e_y (p = softmax f); H v = p ⊙ v − p (pᵀv).
//   Computed as log1p(Σ_{c≠y} e^{f_c − f_y}) when f_y is the largest logit (so a loss of 1e-300
//   keeps its digits), and g_y = −Σ_{c≠y} p_c, for the same reason.
// mse: ℓ = ½ Σ_c (f_c − [c = y])² (Cohen et al.'s square loss against one-hot targets, with the ½
//   so that H = I); g = f − e_y; H v = v.

import type { LossConfig } from './config-types';
import { makeLoss } from './losses';

export interface OutputLoss {
  readonly name: string;
  /** Outputs per sample. */
  readonly C: number;
  /** ℓ(f) for sample i (f = its C outputs at f[off .. off+C)). */
  value(f: Float64Array, off: number, i: number): number;
  /** g = ∂ℓ/∂f times `scale`, into g[off .. off+C). */
  grad(f: Float64Array, off: number, i: number, scale: number, g: Float64Array): void;
  /** (∂²ℓ/∂f²) v times `scale`, into out[off .. off+C) (v read at the same offset). */
  hvp(f: Float64Array, off: number, i: number, v: Float64Array, scale: number, out: Float64Array): void;
  /** Whether sample i is classified correctly. */
  correct(f: Float64Array, off: number, i: number): boolean;
}

export function isMultiClassLoss(kind: LossConfig['kind']): kind is 'softmaxCE' | 'mse' {
  return kind === 'softmaxCE' || kind === 'mse';
}

/** The loss on output vectors for this config and data: integer labels (multi-class) or ±1 labels y. */
export function makeOutputLoss(config: LossConfig, C: number, y: Float64Array, labels?: Uint8Array): OutputLoss {
  if (isMultiClassLoss(config.kind)) {
    if (!labels) throw new Error(`the ${config.kind} loss needs multi-class data (integer labels)`);
    return config.kind === 'softmaxCE' ? softmaxCE(C, labels) : mse(C, labels);
  }
  if (C !== 1) throw new Error(`the ${config.kind} loss needs one output (binary data), got ${C}`);
  return marginLoss(config, y);
}

function argmax(f: Float64Array, off: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (f[off + c] > f[off + best]) best = c;
  return best;
}

export function softmaxCE(C: number, labels: Uint8Array): OutputLoss {
  return {
    name: 'softmaxCE',
    C,
    value(f, off, i) {
      const y = labels[i];
      const fy = f[off + y];
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, f[off + c]);
      if (fy >= max) {
        let s = 0;
        for (let c = 0; c < C; c++) if (c !== y) s += Math.exp(f[off + c] - fy);
        return Math.log1p(s);
      }
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(f[off + c] - max);
      return max + Math.log(s) - fy;
    },
    grad(f, off, i, scale, g) {
      const y = labels[i];
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, f[off + c]);
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(f[off + c] - max);
      let others = 0;
      for (let c = 0; c < C; c++) {
        if (c === y) continue;
        const p = Math.exp(f[off + c] - max) / s;
        others += p;
        g[off + c] = scale * p;
      }
      g[off + y] = -scale * others;
    },
    hvp(f, off, _i, v, scale, out) {
      let max = -Infinity;
      for (let c = 0; c < C; c++) max = Math.max(max, f[off + c]);
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(f[off + c] - max);
      let pv = 0;
      for (let c = 0; c < C; c++) pv += (Math.exp(f[off + c] - max) / s) * v[off + c];
      for (let c = 0; c < C; c++) {
        const p = Math.exp(f[off + c] - max) / s;
        out[off + c] = scale * p * (v[off + c] - pv);
      }
    },
    correct: (f, off, i) => argmax(f, off, C) === labels[i],
  };
}

export function mse(C: number, labels: Uint8Array): OutputLoss {
  return {
    name: 'mse',
    C,
    value(f, off, i) {
      let s = 0;
      for (let c = 0; c < C; c++) {
        const r = f[off + c] - (c === labels[i] ? 1 : 0);
        s += r * r;
      }
      return 0.5 * s;
    },
    grad(f, off, i, scale, g) {
      for (let c = 0; c < C; c++) g[off + c] = scale * (f[off + c] - (c === labels[i] ? 1 : 0));
    },
    hvp(_f, off, _i, v, scale, out) {
      for (let c = 0; c < C; c++) out[off + c] = scale * v[off + c];
    },
    correct: (f, off, i) => argmax(f, off, C) === labels[i],
  };
}

/** A margin loss ℓ(y·f) of losses.ts on a single logit. */
export function marginLoss(config: LossConfig, y: Float64Array): OutputLoss {
  const loss = makeLoss(config);
  return {
    name: loss.name,
    C: 1,
    value: (f, off, i) => loss.value(y[i] * f[off]),
    grad(f, off, i, scale, g) {
      g[off] = scale * y[i] * loss.d1(y[i] * f[off]);
    },
    hvp(f, off, i, v, scale, out) {
      out[off] = scale * loss.d2(y[i] * f[off]) * v[off];
    },
    correct: (f, off, i) => y[i] * f[off] > 0,
  };
}
