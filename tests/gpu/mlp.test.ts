// The fully connected network on the GPU against the float64 reference: one step from the same
// state (loss, every layer's update, metrics) for each activation and loss, a few steps in a row,
// and the sharpness (GPU: Lanczos on central differences of fp32 gradients; CPU: Lanczos on exact
// R-op products).
//
// Tolerances. One step: outputs sum d + width terms per layer in fp32 (tens of roundings, relative
// ~1e-6 each, amplified by at most the layers' condition), the gradient then sums n terms: 2e-4
// relative on every layer's update (‖Δ_gpu − Δ_cpu‖/‖Δ_cpu‖) and 1e-4 on losses covers it with a
// margin, while a wrong index or transpose gives O(1). Sharpness: the FD error bound of
// src/gpu/mlp-engine.ts (ε²/6·‖∇³L‖ + δ_g/ε, ~1e-5 relative at ε = 1e-2; ReLU at ε = 1e-4 as long
// as no unit flips) plus fp32 noise in the Lanczos products: 0.2% relative (observed ≤ 3e-5).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import type { Dataset } from '../../src/core/data/dataset';
import { mlpLayout } from '../../src/core/mlp';
import { normal } from '../../src/core/rng';
import type { BrowserSession } from '../../src/node/browser';
import { both, diff, gaussianData, launch, maxRel, normRel, pair } from './helpers';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

function multiData(n: number, d: number, C: number, seed: number): Dataset {
  const x = new Float64Array(n * d);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % C;
    for (let j = 0; j < d; j++) x[i * d + j] = normal(seed, 11, i * d + j) + (j === labels[i] ? 1.5 : 0);
  }
  return { name: `gaussian ${C} classes`, n, d, x, y: new Float64Array(n), classes: C, labels };
}

const METRICS = ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'accuracy'] as const;

const CASES = [
  { activation: 'relu', loss: 'softmaxCE', bias: true },
  { activation: 'tanh', loss: 'mse', bias: true },
  { activation: 'gelu', loss: 'softmaxCE', bias: false },
  { activation: 'tanh', loss: 'logistic', bias: true },
  { activation: 'relu', loss: 'mse', bias: false },
  { activation: 'gelu', loss: 'mse', bias: true },
] as const;

interface Case {
  activation: 'relu' | 'tanh' | 'gelu';
  loss: 'softmaxCE' | 'mse' | 'logistic';
  bias: boolean;
}

function cfgFor(c: Case, etas: number[], extra: Record<string, unknown> = {}) {
  const binary = c.loss === 'logistic';
  return parseConfig({
    // The data set only names the kind; the tests hand in their own Dataset of the same shape.
    data: binary ? { kind: 'toy' } : { kind: 'mnistClasses', digits: [0, 1, 2], n: 40 },
    model: { kind: 'mlp', widths: [33, 17], activation: c.activation, bias: c.bias, initSeed: 5 },
    loss: { kind: c.loss },
    etas,
    steps: 1,
    metrics: [...METRICS],
    ...extra,
  });
}

describe('MLP on the GPU, one step from the same state', () => {
  for (const c of CASES) {
    it(`${c.activation} × ${c.loss}${c.bias ? '' : ' (no bias)'}: loss, every layer's update and the metrics match float64`, async () => {
      const data = c.loss === 'logistic' ? gaussianData(40, 21, 3) : multiData(40, 21, 3, 7);
      const cfg = cfgFor(c, [0.5, 2]);
      const e = await pair(session, cfg, data);
      const start = await e.cpu.readState();
      const recs = [{ offset: 0, metrics: [...METRICS] }, { offset: 1, metrics: [...METRICS] }];
      const [g, cp] = await both(e, (en) => en.advance(1, recs));
      expect(maxRel(g.stepLoss, cp.stepLoss)).toBeLessThan(1e-4);
      for (const r of [0, 1]) {
        for (const m of ['loss', 'gradNorm', 'distFromInit'] as const) {
          const tol = m === 'distFromInit' && r === 0 ? Infinity : 2e-4; // 0 at the start
          expect(maxRel(g.records[r].values[m]!, cp.records[r].values[m]!), `${m} at offset ${r}`).toBeLessThan(tol);
        }
        // The exponential loss mean e^{−y f} is a one-logit metric: its sum has the loss's rounding.
        const [eg, ec] = [g.records[r].values.expLoss!, cp.records[r].values.expLoss!];
        if (c.loss === 'logistic') {
          expect([...eg, ...ec].every(Number.isFinite)).toBe(true);
          expect(maxRel(eg, ec), `expLoss at offset ${r}`).toBeLessThan(1e-4);
        } else {
          expect([...eg, ...ec].every(Number.isNaN), 'expLoss is NaN for multi-class data on both engines').toBe(true);
        }
        expect(Array.from(g.records[r].values.accuracy!)).toEqual(Array.from(cp.records[r].values.accuracy!));
      }
      const [sg, sc] = [await e.gpu.readState(), await e.cpu.readState()];
      const L = mlpLayout(cfg.model as { widths: number[]; bias: boolean }, data.d, data.classes ?? 1);
      for (let k = 0; k < 2; k++) {
        const dg = diff(sg.weights[k], start.weights[k]);
        const dc = diff(sc.weights[k], start.weights[k]);
        for (let l = 0; l < L.layers; l++) {
          const end = L.wOff[l] + L.dims[l + 1] * L.dims[l] + (L.bOff[l] >= 0 ? L.dims[l + 1] : 0);
          const span = [L.wOff[l], end] as const;
          expect(normRel(dg.subarray(...span), dc.subarray(...span)), `run ${k}, layer ${l + 1}`).toBeLessThan(2e-4);
        }
      }
      await e.gpu.dispose();
    });
  }

  it('wide layers (several column tiles per workgroup on a software adapter) match float64', async () => {
    const data = multiData(70, 150, 5, 12);
    const cfg = parseConfig({
      data: { kind: 'mnistClasses', digits: [0, 1, 2, 3, 4], n: 70 },
      model: { kind: 'mlp', widths: [70, 45], activation: 'gelu', bias: true, initSeed: 8 },
      loss: { kind: 'softmaxCE' },
      etas: [0.1, 0.3, 1],
      steps: 1,
      metrics: [...METRICS],
    });
    const e = await pair(session, cfg, data);
    const start = await e.cpu.readState();
    const [g, c] = await both(e, (en) => en.advance(2, [{ offset: 2, metrics: [...METRICS] }]));
    expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
    const [sg, sc] = [await e.gpu.readState(), await e.cpu.readState()];
    for (let k = 0; k < 3; k++) expect(normRel(diff(sg.weights[k], start.weights[k]), diff(sc.weights[k], start.weights[k]))).toBeLessThan(2e-4);
    await e.gpu.dispose();
  });

  it('20 steps in a row stay together (tanh × mse, three η)', async () => {
    const data = multiData(50, 30, 4, 9);
    const cfg = cfgFor({ activation: 'tanh', loss: 'mse', bias: true }, [0.05, 0.2, 0.5]);
    const e = await pair(session, cfg, data);
    const [g, c] = await both(e, (en) => en.advance(20, [{ offset: 20, metrics: [...METRICS] }]));
    for (let k = 0; k < 3; k++) {
      const col = (r: typeof g) => Array.from({ length: 20 }, (_, s) => r.stepLoss[s * 3 + k]);
      console.log(`η = ${cfg.etas[k]}: GPU ${col(g).slice(-3).join(', ')}; CPU ${col(c).slice(-3).join(', ')}`);
    }
    expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-3);
    await e.gpu.dispose();
  });
});

describe('MLP on the GPU, chunks without a host round trip', () => {
  it('255 steps are 3 chunks, each read back once, chunk c+1 queued before chunk c is read; the losses follow float64 step by step', async () => {
    // The page's queue.submit and mapAsync are wrapped to log their order; one chunk is at most
    // MLP_SLOTS − 1 = 127 steps, so 255 steps with a record after the last are 127 + 127 + 1 + the final measurement.
    const data = gaussianData(16, 4, 2);
    // Stepsizes in the stable phase: at the edge of stability fp32 rounding grows over 255 steps.
    const cfg = cfgFor({ activation: 'tanh', loss: 'logistic', bias: true }, [0.1, 0.3]);
    const e = await pair(session, cfg, data);
    await session.page.evaluate(() => {
      const w = window as unknown as { gpuLog: string[] };
      w.gpuLog = [];
      const submit = GPUQueue.prototype.submit;
      GPUQueue.prototype.submit = function (this: GPUQueue, b: Iterable<GPUCommandBuffer>) {
        w.gpuLog.push('submit');
        return submit.call(this, b);
      };
      const map = GPUBuffer.prototype.mapAsync;
      GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
        w.gpuLog.push('map');
        return map.apply(this, args).then(() => void w.gpuLog.push('mapped'));
      };
    });
    const recs = [{ offset: 255, metrics: [...METRICS] }];
    const [g, c] = await both(e, (en) => en.advance(255, recs));
    const log = await session.page.evaluate(() => (window as unknown as { gpuLog: string[] }).gpuLog);
    expect(log.filter((x) => x === 'map'), 'one readback per chunk').toHaveLength(3);
    expect(log.filter((x) => x === 'submit'), 'one submit per chunk').toHaveLength(3);
    expect(log.slice(0, 4), 'chunk 2 is queued before chunk 1 is read').toEqual(['submit', 'map', 'submit', 'map']);
    expect(maxRel(g.stepLoss, c.stepLoss), 'step losses, all 255 steps (observed 1e-6)').toBeLessThan(1e-5);
    expect(maxRel(g.records[0].values.loss!, c.records[0].values.loss!)).toBeLessThan(1e-5);
    await e.gpu.dispose();
  });
});

describe('MLP on the GPU, divergence', () => {
  it('a run whose loss passes divergeAbove stops at the float64 step, with NaN losses after it; the other runs on', async () => {
    const data = multiData(24, 6, 3, 5);
    const cfg = cfgFor({ activation: 'tanh', loss: 'mse', bias: true }, [0.05, 400], { divergeAbove: 1e6 });
    const e = await pair(session, cfg, data);
    const recs = [{ offset: 6, metrics: [...METRICS] }];
    const [g, c] = await both(e, (en) => en.advance(6, recs));
    expect(c.status).toEqual(['running', 'diverged']);
    expect(g.status).toEqual(c.status);
    expect(g.divergedAt).toEqual(c.divergedAt);
    const at = c.divergedAt[1];
    expect(at, 'it diverges after its first step').toBeGreaterThan(0);
    for (let s = at; s < 6; s++) expect(Number.isNaN(g.stepLoss[s * 2 + 1]), `step ${s}`).toBe(true);
    expect(Number.isNaN(g.records[0].values.loss![1])).toBe(true);
    expect(maxRel(g.stepLoss, c.stepLoss)).toBeLessThan(1e-4);
    await e.gpu.dispose();
  });
});

describe('MLP sharpness on the GPU', () => {
  for (const activation of ['tanh', 'gelu', 'relu'] as const) {
    it(`${activation} × mse: GPU sharpness (FD of gradients) within 0.2% of the float64 Lanczos value`, async () => {
      const data = multiData(40, 21, 3, 4);
      const cfg = cfgFor({ activation, loss: 'mse', bias: true }, [0.1, 1], { metrics: ['loss', 'sharpness'], record: { sharpnessIterations: 30 } });
      const e = await pair(session, cfg, data);
      const recs = [{ offset: 0, metrics: ['loss', 'sharpness'] as const }, { offset: 3, metrics: ['loss', 'sharpness'] as const }];
      const [g, c] = await both(e, (en) => en.advance(3, recs.map((r) => ({ ...r, metrics: [...r.metrics] }))));
      for (const r of [0, 1]) {
        const sg = g.records[r].values.sharpness!;
        const sc = c.records[r].values.sharpness!;
        console.log(`${activation} sharpness at offset ${recs[r].offset}: GPU ${Array.from(sg).join(', ')}; CPU ${Array.from(sc).join(', ')}`);
        expect(maxRel(sg, sc)).toBeLessThan(2e-3);
      }
      await e.gpu.dispose();
    });
  }
});
