// The four losses of SCIENCE.md, ℓ(z) with z = y·f, and their first two derivatives, in float64.
// Each form is chosen so nothing overflows or cancels for z in [−1e4, 1e4]: the logistic loss uses
// log1p(e^{−z}) for z ≥ 0 (so 1e-300 keeps all its digits) and −z + log1p(e^{z}) for z < 0.
// The exponential loss is the one exception by nature: e^{−z} exceeds the float64 range for
// z < −709 and is then +Infinity (its log, logValue, stays finite), which the engine treats as divergence.
// The WGSL twin of this file is shaders/losses.wgsl; a GPU test holds the two together.

import type { LossConfig } from './config-types';

export interface Loss {
  readonly name: string;
  value(z: number): number;
  /** ln ℓ(z): finite wherever ℓ(z) > 0, even when ℓ(z) underflows or overflows float64. */
  logValue(z: number): number;
  d1(z: number): number;
  d2(z: number): number;
}

export const logistic: Loss = {
  name: 'logistic',
  value: (z) => (z >= 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z))),
  logValue: (z) => {
    if (z < 0) return Math.log(-z + Math.log1p(Math.exp(z)));
    // For large z, ln(log1p(e^{-z})) = −z + ln(1 − e^{-z}/2 + …): written so it never underflows.
    const e = Math.exp(-z);
    return e > 1e-8 ? Math.log(Math.log1p(e)) : -z + Math.log1p(-e / 2);
  },
  // ℓ′(z) = −1/(1+e^{z}), written with e^{−|z|} so neither branch overflows.
  d1: (z) => {
    if (z >= 0) {
      const e = Math.exp(-z);
      return -e / (1 + e);
    }
    return -1 / (1 + Math.exp(z));
  },
  // ℓ″(z) = σ(z)σ(−z) = e^{−|z|}/(1+e^{−|z|})².
  d2: (z) => {
    const e = Math.exp(-Math.abs(z));
    return e / ((1 + e) * (1 + e));
  },
};

export const exponential: Loss = {
  name: 'exponential',
  value: (z) => Math.exp(-z),
  logValue: (z) => -z,
  d1: (z) => -Math.exp(-z),
  d2: (z) => Math.exp(-z),
};

/** e^{−az} for z ≥ 0, 1 − az for z < 0: C¹ at 0, a-Lipschitz. */
export function flatExp(a: number): Loss {
  return {
    name: 'flatExp',
    value: (z) => (z >= 0 ? Math.exp(-a * z) : 1 - a * z),
    logValue: (z) => (z >= 0 ? -a * z : Math.log1p(-a * z)),
    d1: (z) => (z >= 0 ? -a * Math.exp(-a * z) : -a),
    d2: (z) => (z >= 0 ? a * a * Math.exp(-a * z) : 0),
  };
}

/** (1+z)^{−a} for z ≥ 0, 1 − az for z < 0: polynomial tail, C¹ at 0, a-Lipschitz. */
export function flatPoly(a: number): Loss {
  return {
    name: 'flatPoly',
    value: (z) => (z >= 0 ? Math.exp(-a * Math.log1p(z)) : 1 - a * z),
    logValue: (z) => (z >= 0 ? -a * Math.log1p(z) : Math.log1p(-a * z)),
    d1: (z) => (z >= 0 ? -a * Math.exp((-a - 1) * Math.log1p(z)) : -a),
    d2: (z) => (z >= 0 ? a * (a + 1) * Math.exp((-a - 2) * Math.log1p(z)) : 0),
  };
}

export function makeLoss(config: LossConfig): Loss {
  switch (config.kind) {
    case 'logistic':
      return logistic;
    case 'exponential':
      return exponential;
    case 'flatExp':
      return flatExp(config.a);
    case 'flatPoly':
      return flatPoly(config.a);
    case 'softmaxCE':
    case 'mse':
      throw new Error(`${config.kind} is a multi-class loss on output vectors (src/core/output-losses.ts), not a margin loss`);
  }
}
