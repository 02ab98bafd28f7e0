// The float64 MLP: gradients and exact Hessian-vector products (R-op) against central finite
// differences for every activation × loss, with and without biases; Lanczos sharpness against the
// explicitly formed Hessian; the PyTorch-default initialisation; the flattening order.

import { describe, expect, it } from 'vitest';
import type { Activation, LossConfig, MlpModelConfig } from '../../src/core/config';
import type { Dataset } from '../../src/core/data/dataset';
import { mlpInitialWeights, mlpLayout } from '../../src/core/mlp';
import { makeOutputLoss } from '../../src/core/output-losses';
import { normal } from '../../src/core/rng';
import { lanczosTop, topEigenTridiagonal } from '../../src/cpu/mlp-lanczos';
import { activationFns, MlpNet } from '../../src/cpu/mlp-net';
import { smallData } from './helpers';
import { topEigenSymmetric } from '../../src/cpu/symmetric-eigen';

/** n samples, d features, C classes, deterministic. */
function multiData(n: number, d: number, C: number): Dataset {
  const x = new Float64Array(n * d).map((_, j) => normal(11, 7, j));
  const labels = new Uint8Array(n).map((_, i) => i % C);
  return { name: 'test', n, d, x, y: new Float64Array(n), classes: C, labels };
}

function mlp(activation: Activation, bias: boolean, widths = [6, 5]): MlpModelConfig {
  return { kind: 'mlp', widths, activation, bias, init: 'pytorch', initSeed: 3 };
}

function makeNet(model: MlpModelConfig, data: Dataset, loss: LossConfig): { net: MlpNet; w: Float64Array } {
  const C = data.classes ?? 1;
  const layout = mlpLayout(model, data.d, C);
  const net = new MlpNet(layout, model.activation, data, makeOutputLoss(loss, C, data.y, data.labels));
  // Scale up the init a little so that the losses are not all near their value at f = 0.
  const w = mlpInitialWeights(model, layout).map((v) => 1.5 * v);
  return { net, w };
}

function gradAt(net: MlpNet, w: Float64Array): Float64Array {
  const g = new Float64Array(w.length);
  net.forward(w);
  net.backward(w, g);
  return g;
}

function maxAbs(v: Float64Array): number {
  return v.reduce((m, t) => Math.max(m, Math.abs(t)), 0);
}

const cases: { loss: LossConfig; data: Dataset }[] = [
  { loss: { kind: 'softmaxCE', a: 1 }, data: multiData(9, 4, 3) },
  { loss: { kind: 'mse', a: 1 }, data: multiData(9, 4, 3) },
  { loss: { kind: 'logistic', a: 1 }, data: smallData(9, 4) },
  { loss: { kind: 'exponential', a: 1 }, data: smallData(9, 4) },
];

describe('float64 MLP derivatives', () => {
  for (const activation of ['relu', 'tanh', 'gelu'] as const) {
    for (const { loss, data } of cases) {
      for (const bias of [true, false]) {
        const label = `${activation} × ${loss.kind}${bias ? '' : ', no bias'}`;
        it(`${label}: gradient and Hessian-vector product match central differences`, () => {
          const { net, w } = makeNet(mlp(activation, bias), data, loss);
          const g = gradAt(net, w);
          const h = 1e-6;
          for (let j = 0; j < w.length; j += 3) {
            const wp = w.slice();
            const wm = w.slice();
            wp[j] += h;
            wm[j] -= h;
            const fd = (net.forward(wp) - net.forward(wm)) / (2 * h);
            expect(Math.abs(fd - g[j]), `${label} ∂L/∂w[${j}]`).toBeLessThan(1e-7 * Math.max(1, Math.abs(g[j])));
          }
          const v = new Float64Array(w.length).map((_, j) => normal(5, 6, j));
          const hv = new Float64Array(w.length);
          net.forward(w);
          net.backward(w, new Float64Array(w.length));
          net.hvp(w, v, hv);
          const e = 1e-5;
          const gp = gradAt(net, w.map((t, j) => t + e * v[j]));
          const gm = gradAt(net, w.map((t, j) => t - e * v[j]));
          const fd = gp.map((t, j) => (t - gm[j]) / (2 * e));
          const err = maxAbs(fd.map((t, j) => t - hv[j]));
          // ReLU: the difference can cross a kink; at these sizes it does not (checked by the tolerance).
          expect(maxAbs(hv), label).toBeGreaterThan(1e-3);
          expect(err / maxAbs(hv), label).toBeLessThan(1e-7);
        });
      }
    }
  }

  it('activation derivatives match central differences', () => {
    for (const kind of ['tanh', 'gelu'] as const) {
      const a = activationFns(kind);
      for (const x of [-3.1, -0.7, 0.2, 1.3, 2.9]) {
        const h = 1e-5;
        expect(Math.abs((a.f(x + h) - a.f(x - h)) / (2 * h) - a.d1(x))).toBeLessThan(1e-9);
        expect(Math.abs((a.d1(x + h) - a.d1(x - h)) / (2 * h) - a.d2(x))).toBeLessThan(1e-9);
      }
    }
  });

  it('Hessian-vector products are symmetric, and Lanczos finds the top eigenvalue of the full Hessian', () => {
    const data = multiData(10, 3, 3);
    const { net, w } = makeNet(mlp('tanh', true, [4]), data, { kind: 'mse', a: 1 });
    const P = w.length;
    net.forward(w);
    net.backward(w, new Float64Array(P));
    const H: Float64Array[] = [];
    for (let j = 0; j < P; j++) {
      const e = new Float64Array(P);
      e[j] = 1;
      const col = new Float64Array(P);
      net.hvp(w, e, col);
      H.push(col);
    }
    for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) expect(Math.abs(H[i][j] - H[j][i])).toBeLessThan(1e-12);
    // Dense top eigenvalue by Lanczos with P steps (exact in exact arithmetic) vs the Jacobi solver on H itself.
    const dense = topEigenSymmetric(H).value;
    const v = new Float64Array(P).map((_, j) => normal(1, 2, j));
    const top = lanczosTop((u, out) => net.hvp(w, u, out), v, 40, () => new Float64Array(P).fill(1));
    expect(Math.abs(top - dense)).toBeLessThan(1e-9 * Math.abs(dense));
  });

  it('the tridiagonal eigen-solver finds the largest eigenvalue and its vector', () => {
    // [[2, 1, 0], [1, 2, 1], [0, 1, 2]]: eigenvalues 2 − √2, 2, 2 + √2.
    const { value, vector } = topEigenTridiagonal([2, 2, 2], [1, 1]);
    expect(value).toBeCloseTo(2 + Math.SQRT2, 12);
    const s = vector[1] / Math.SQRT2;
    expect(Math.abs(vector[0] / s - 1)).toBeLessThan(1e-10);
    expect(Math.abs(vector[2] / s - 1)).toBeLessThan(1e-10);
  });
});

describe('MLP layout and init', () => {
  it('flattens W_1, b_1, W_2, b_2, … (PyTorch state_dict order)', () => {
    const L = mlpLayout({ widths: [3], bias: true }, 4, 2);
    expect(L.dims).toEqual([4, 3, 2]);
    expect(L.wOff).toEqual([0, 15]);
    expect(L.bOff).toEqual([12, 21]);
    expect(L.size).toBe(23);
    const N = mlpLayout({ widths: [3], bias: false }, 4, 2);
    expect(N.wOff).toEqual([0, 12]);
    expect(N.bOff).toEqual([-1, -1]);
    expect(N.size).toBe(18);
  });

  it('pytorch init is U(−1/√fan_in, 1/√fan_in) for weights and biases; kaimingNormal has variance 2/fan_in and zero biases', () => {
    const model = mlp('relu', true, [200]);
    const L = mlpLayout(model, 100, 10);
    const w = mlpInitialWeights(model, L);
    const layer = (l: number) => w.subarray(L.wOff[l], L.wOff[l] + L.dims[l + 1] * L.dims[l]);
    const bias = (l: number) => w.subarray(L.bOff[l], L.bOff[l] + L.dims[l + 1]);
    for (const l of [0, 1]) {
      const bound = 1 / Math.sqrt(L.dims[l]);
      for (const part of [layer(l), bias(l)]) {
        expect(maxAbs(part)).toBeLessThanOrEqual(bound);
        expect(maxAbs(part)).toBeGreaterThan(0.9 * bound);
      }
      const W = layer(l);
      const variance = W.reduce((s, t) => s + t * t, 0) / W.length;
      expect(variance).toBeCloseTo(bound * bound / 3, 2 + l); // U(−b, b) has variance b²/3
    }
    const kn = mlpInitialWeights({ ...model, init: 'kaimingNormal' }, L);
    const W = kn.subarray(0, 200 * 100);
    expect(W.reduce((s, t) => s + t * t, 0) / W.length).toBeCloseTo(2 / 100, 3);
    expect(maxAbs(kn.subarray(L.bOff[0], L.bOff[0] + 200))).toBe(0);
  });

  it('softmaxCE keeps tiny losses and their gradients accurate', () => {
    const loss = makeOutputLoss({ kind: 'softmaxCE', a: 1 }, 3, new Float64Array(1), new Uint8Array([1]));
    const f = new Float64Array([-400, 300, -350]);
    expect(loss.value(f, 0, 0)).toBeCloseTo(Math.exp(-700) + Math.exp(-650), 310);
    expect(loss.value(f, 0, 0) / (Math.exp(-700) + Math.exp(-650)) - 1).toBeLessThan(1e-14);
    const g = new Float64Array(3);
    loss.grad(f, 0, 0, 1, g);
    expect(g[1] / -(Math.exp(-700) + Math.exp(-650)) - 1).toBeLessThan(1e-14);
  });
});
