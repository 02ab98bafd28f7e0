// Finite-difference checks of the float64 reference: ∇L and ∇²L·v for every model × loss, and the
// power-iteration sharpness against an explicitly formed Hessian.

import { describe, expect, it } from 'vitest';
import type { LossConfig, ModelConfig } from '../../src/core/config';
import { initialWeights } from '../../src/core/init';
import { makeLoss } from '../../src/core/losses';
import { normal } from '../../src/core/rng';
import { makeCpuModel } from '../../src/cpu/models';
import { Objective } from '../../src/cpu/objective';
import { powerIteration, startVector } from '../../src/cpu/sharpness';
import { smallData } from './helpers';
import { topEigenSymmetric } from '../../src/cpu/symmetric-eigen';

const losses: LossConfig[] = [
  { kind: 'logistic', a: 1 },
  { kind: 'exponential', a: 1 },
  { kind: 'flatExp', a: 0.7 },
  { kind: 'flatPoly', a: 1.5 },
];
const models: ModelConfig[] = [
  { kind: 'linear', init: 'normal', initScale: 0.5, initSeed: 1 },
  { kind: 'ntk', width: 7, initSeed: 2 },
];

function lossAt(obj: Objective, w: Float64Array): number {
  const f = new Float64Array(obj.n);
  const z = new Float64Array(obj.n);
  obj.model.forward(w, f);
  obj.margins(f, z);
  return obj.lossFromMargins(z);
}

function marginsAt(obj: Objective, w: Float64Array): Float64Array {
  const f = new Float64Array(obj.n);
  const z = new Float64Array(obj.n);
  obj.model.forward(w, f);
  obj.margins(f, z);
  return z;
}

function gradAt(obj: Objective, w: Float64Array): Float64Array {
  const g = new Float64Array(w.length);
  obj.gradient(w, marginsAt(obj, w), g);
  return g;
}

describe('float64 reference derivatives', () => {
  const data = smallData(12, 5);
  for (const model of models) {
    for (const lossCfg of losses) {
      const label = `${model.kind} × ${lossCfg.kind}`;
      const obj = new Objective(makeCpuModel(model, data), data, makeLoss(lossCfg));
      const w = initialWeights(model, data.d);

      it(`∇L matches central differences (${label})`, () => {
        const g = gradAt(obj, w);
        const h = 1e-6;
        for (let j = 0; j < w.length; j++) {
          const wp = w.slice();
          const wm = w.slice();
          wp[j] += h;
          wm[j] -= h;
          const fd = (lossAt(obj, wp) - lossAt(obj, wm)) / (2 * h);
          // Central differences are O(h²) accurate away from ReLU kinks; no sample sits within h of one here.
          expect(Math.abs(g[j] - fd), `component ${j}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
        }
      });

      it(`∇²L·v matches differences of gradients (${label})`, () => {
        const v = new Float64Array(w.length);
        for (let j = 0; j < v.length; j++) v[j] = normal(9, 9, j);
        const hv = new Float64Array(w.length);
        obj.hessianVector(w, marginsAt(obj, w), v, hv);
        const h = 1e-5;
        const wp = w.map((x, j) => x + h * v[j]);
        const wm = w.map((x, j) => x - h * v[j]);
        const gp = gradAt(obj, wp);
        const gm = gradAt(obj, wm);
        for (let j = 0; j < w.length; j++) {
          const fd = (gp[j] - gm[j]) / (2 * h);
          expect(Math.abs(hv[j] - fd), `component ${j}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        }
      });
    }
  }

  it("the linear model's power-iteration sharpness equals the top eigenvalue of its explicit Hessian", () => {
    const d = data.d;
    const model: ModelConfig = { kind: 'linear', init: 'normal', initScale: 1, initSeed: 4 };
    const obj = new Objective(makeCpuModel(model, data), data, makeLoss({ kind: 'logistic', a: 1 }));
    const w = initialWeights(model, d);
    const z = marginsAt(obj, w);
    // H = (1/n) Σ ℓ''(z_i) x_i x_iᵀ, formed entry by entry.
    const H = Array.from({ length: d }, () => new Float64Array(d));
    for (let i = 0; i < data.n; i++) {
      const c = makeLoss({ kind: 'logistic', a: 1 }).d2(z[i]) / data.n;
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) H[a][b] += c * data.x[i * d + a] * data.x[i * d + b];
    }
    const lambda = powerIteration(obj, w, z, startVector(d), 500);
    expect(Math.abs(lambda / topEigenSymmetric(H).value - 1)).toBeLessThan(1e-10);
  });
});
