// The adaptive and momentum optimizers, the ℓ2 term, the non-separable data sets, the optimum found
// by Newton's method and the period detector, each against values computed by hand here (plain
// formulas, no engine code) or known in closed form.

import { describe, expect, it } from 'vitest';
import { parseConfig, type ExperimentConfig } from '../../src/core/config';
import { ConfigError } from '../../src/core/config-error';
import { gaussiansData, lineData, normalCdf, normalQuantile, withLabelNoise } from '../../src/core/data/non-separable';
import { detectPeriod, latePeriod } from '../../src/core/period';
import { criticalEta, expandStudy } from '../../src/core/study';
import { FastCpuEngine } from '../../src/cpu/fast/fast-engine';
import { nodePlatform } from '../../src/cpu/fast/node-threads';
import { makeCpuModel } from '../../src/cpu/models';
import { findOptimum } from '../../src/cpu/optimum';
import { makeObjective } from '../../src/cpu/objective';
import { cpuBackend } from '../../src/cpu/backend';
import { CpuEngine } from '../../src/cpu/reference-engine';
import { decodeCheckpoint, encodeCheckpoint, type SweepCheckpoint } from '../../src/sweep/checkpoint';
import type { Dataset } from '../../src/core/data/dataset';
import { engineFor } from '../../src/sweep/backend';
import { runSweep } from '../../src/sweep/run-sweep';
import { buildPanels } from '../../src/ui/charts/panels';
import { LATE_POINTS, phasePanel } from '../../src/ui/charts/phase-panels';
import { legendItems } from '../../src/ui/charts/legend';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
/** The 1-D set x = 2 (+1), x = 1 (−1), x = 0.5 (+1), as margins z_i = y_i x_i w = c_i w. */
const POINTS = [2, -1, 0.5];
/** Mean logistic loss and its derivative on POINTS at w, λ/2·w² added (w₀ = 0), by hand. */
function lineLoss(w: number, lambda = 0): { L: number; dL: number } {
  let L = 0;
  let dL = 0;
  for (const c of POINTS) {
    L += Math.log1p(Math.exp(-c * w));
    dL += -c * sigmoid(-c * w);
  }
  return { L: L / POINTS.length + (lambda / 2) * w * w, dL: dL / POINTS.length + lambda * w };
}

function lineConfig(raw: Record<string, unknown>): ExperimentConfig {
  return parseConfig({ data: { kind: 'line', points: POINTS }, etas: [0.5, 3], steps: 8, metrics: ['loss'], ...raw });
}

/** Weights of every run after `steps` steps of the reference engine. */
async function weightsAfter(cfg: ExperimentConfig, data: Dataset, steps: number): Promise<Float64Array[]> {
  const e = new CpuEngine();
  await e.init({ config: cfg, data });
  await e.advance(steps, []);
  return (await e.readState()).weights;
}

describe('config: optimizers, ℓ2, non-separable data', () => {
  it('parses the new optimizers with their defaults, stores loss.l2 and labelNoise only when set', () => {
    expect(lineConfig({ optimizer: { kind: 'heavyBall' } }).optimizer).toEqual({ kind: 'heavyBall', beta: 0.9 });
    expect(lineConfig({ optimizer: { kind: 'nesterov', beta: 0.5 } }).optimizer).toEqual({ kind: 'nesterov', beta: 0.5 });
    expect(lineConfig({ optimizer: { kind: 'adaptive' } }).optimizer).toEqual({ kind: 'adaptive', by: 'loss' });
    expect(lineConfig({ loss: { kind: 'logistic', l2: 0 } }).loss).toEqual({ kind: 'logistic', a: 1 });
    expect(lineConfig({ loss: { kind: 'logistic', l2: 0.01 } }).loss).toEqual({ kind: 'logistic', a: 1, l2: 0.01 });
    const mnist = parseConfig({ data: { kind: 'mnist', labelNoise: 0 }, etas: [1], steps: 1 });
    expect('labelNoise' in mnist.data).toBe(false);
  });

  it('refuses what no engine runs, in one line naming the field', () => {
    const refuse = (raw: Record<string, unknown>, field: string) => {
      try {
        lineConfig(raw);
        throw new Error('accepted');
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).field).toBe(field);
        expect((err as Error).message).not.toContain('\n');
      }
    };
    refuse({ optimizer: { kind: 'heavyBall', beta: 1 } }, 'optimizer.beta');
    refuse({ optimizer: { kind: 'adaptive', by: 'margin' } }, 'optimizer.by');
    refuse({ data: { kind: 'line', points: [1, 2] } }, 'data.points');
    refuse({ model: { kind: 'ntk', width: 4 }, metrics: ['loss', 'distToOpt'] }, 'metrics');
    refuse({ data: { kind: 'mnistClasses', digits: [0, 1] }, model: { kind: 'mlp', widths: [4] }, loss: { kind: 'mse' }, optimizer: { kind: 'nesterov' } }, 'optimizer.kind');
    refuse({ study: { kind: 'optimizers', optimizers: [{ kind: 'gd' }, { kind: 'gd' }] } }, 'study.optimizers');
  });

  it('expands optimizer and ℓ2 studies into one sweep each; the critical η is 1/(λ ln(1/λ))', () => {
    const opt = expandStudy(lineConfig({ study: { kind: 'optimizers', optimizers: [{ kind: 'gd' }, { kind: 'heavyBall', beta: 0.9 }, { kind: 'adaptive' }] } }));
    expect(opt.map((s) => s.label)).toEqual(['gd', 'heavyBall(b=0.9)', 'adaptive(loss)']);
    const l2 = expandStudy(lineConfig({ study: { kind: 'l2', lambdas: [0, 0.01] } }));
    expect(l2.map((s) => s.config.loss)).toEqual([{ kind: 'logistic', a: 1 }, { kind: 'logistic', a: 1, l2: 0.01 }]);
    expect(criticalEta(0.01)).toBeCloseTo(1 / (0.01 * Math.log(100)), 12);
    expect(criticalEta(0)).toBeNull();
  });
});

describe('optimizers on the float64 engines, against hand-computed iterates', () => {
  const data = lineData(POINTS);

  it('adaptive η_t = η/L(w_t) and η/|L′(w_t)|', async () => {
    for (const by of ['loss', 'gradNorm'] as const) {
      const cfg = lineConfig({ optimizer: { kind: 'adaptive', by } });
      const got = await weightsAfter(cfg, data, 8);
      cfg.etas.forEach((eta, k) => {
        let w = 0;
        for (let t = 0; t < 8; t++) {
          const { L, dL } = lineLoss(w);
          w -= eta * (dL / (by === 'loss' ? L : Math.abs(dL)));
        }
        expect(got[k][0]).toBeCloseTo(w, 12);
      });
    }
  });

  it('heavy ball and Nesterov with β = 0.7, and GD with the ℓ2 term (λ = 0.3)', async () => {
    for (const kind of ['heavyBall', 'nesterov'] as const) {
      const cfg = lineConfig({ optimizer: { kind, beta: 0.7 } });
      const got = await weightsAfter(cfg, data, 8);
      cfg.etas.forEach((eta, k) => {
        let w = 0;
        let prev = 0;
        for (let t = 0; t < 8; t++) {
          const at = kind === 'nesterov' ? w + 0.7 * (w - prev) : w;
          const next = w - eta * lineLoss(at).dL + 0.7 * (w - prev);
          prev = w;
          w = next;
        }
        expect(got[k][0]).toBeCloseTo(w, 12);
      });
    }
    const cfg = lineConfig({ loss: { kind: 'logistic', l2: 0.3 } });
    const got = await weightsAfter(cfg, data, 8);
    cfg.etas.forEach((eta, k) => {
      let w = 0;
      for (let t = 0; t < 8; t++) w -= eta * lineLoss(w, 0.3).dL;
      expect(got[k][0]).toBeCloseTo(w, 12);
    });
  });

  it('the recorded loss includes λ/2‖w − w₀‖²; the CPU backend gives these to the reference engine, not the fast one', async () => {
    const cfg = lineConfig({ loss: { kind: 'logistic', l2: 0.3 }, optimizer: { kind: 'nesterov', beta: 0.5 }, steps: 3 });
    const run = async (e: CpuEngine | FastCpuEngine) => {
      await e.init({ config: cfg, data });
      const r = await e.advance(3, []);
      await e.dispose();
      return r.stepLoss;
    };
    const ref = await run(new CpuEngine());
    expect(engineFor(cpuBackend(nodePlatform), cfg)).toBeInstanceOf(CpuEngine);
    await expect(run(new FastCpuEngine(nodePlatform, { threads: 1 }))).rejects.toThrow(/without an ℓ2 term/);
    expect(ref[0]).toBe(Math.log(2)); // w₀ = 0
    const w = await weightsAfter({ ...cfg, steps: 1 }, data, 1);
    // stepLoss is [step][η]: entry 2 is step 1 of run 0.
    expect(ref[2]).toBeCloseTo(lineLoss(w[0][0], 0.3).L, 15);
  });

  it('a momentum run resumed from its state (checkpoint included) continues bit for bit', async () => {
    const cfg = lineConfig({ optimizer: { kind: 'heavyBall', beta: 0.8 }, steps: 20 });
    const whole = new CpuEngine();
    await whole.init({ config: cfg, data });
    await whole.advance(10, []);
    const state = await whole.readState();
    expect(state.velocities).toHaveLength(2);
    const second = (await whole.advance(10, [])).stepLoss;
    const cp = { current: { engine: state } } as unknown as SweepCheckpoint;
    const { meta, weights } = encodeCheckpoint(cp);
    const back = decodeCheckpoint(meta, weights, 'test').current.engine;
    const resumed = new CpuEngine();
    await resumed.init({ config: cfg, data });
    await resumed.writeState(back);
    expect((await resumed.advance(10, [])).stepLoss).toEqual(second);
    await expect(resumed.writeState({ ...back, velocities: undefined })).rejects.toThrow(/velocity/);
  });
});

describe('non-separable data and the optimum', () => {
  it('Φ and Φ⁻¹: Φ(1.2815515655) = 0.9, Φ(−1.959963985) = 0.025', () => {
    expect(normalCdf(1.2815515655)).toBeCloseTo(0.9, 6);
    expect(normalCdf(-1.959963985)).toBeCloseTo(0.025, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 5);
  });

  it('overlapping Gaussians: sign(x₁) errs on about the stated Bayes error; label noise flips about p of the labels', () => {
    const g = gaussiansData({ n: 20000, d: 4, bayesError: 0.1, seed: 1 });
    let wrong = 0;
    for (let i = 0; i < g.n; i++) if (g.y[i] * g.x[i * g.d] <= 0) wrong++;
    expect(Math.abs(wrong / g.n - 0.1)).toBeLessThan(0.01);
    expect(g.y.reduce((s, v) => s + v, 0)).toBe(0);
    const noisy = withLabelNoise(g, 0.2, 7);
    let flipped = 0;
    for (let i = 0; i < g.n; i++) if (noisy.y[i] !== g.y[i]) flipped++;
    expect(Math.abs(flipped / g.n - 0.2)).toBeLessThan(0.01);
    expect(withLabelNoise(g, 0.2, 7).y).toEqual(noisy.y);
  });

  it('Newton finds w* = ln 2 and λ_max = 2/9 on the 1-D set {1, 1, −1}; with λ = 0.1 the ℓ2 term enters both; separable data have none', () => {
    const opt = (points: number[], l2 = 0) => {
      const data = lineData(points);
      const cfg = parseConfig({ data: { kind: 'line', points: points.some((p) => p < 0) ? points : [...points, -1] }, loss: { kind: 'logistic', l2 }, etas: [1], steps: 1 });
      const w0 = new Float64Array(1);
      return findOptimum(makeObjective(cfg, data, makeCpuModel(cfg.model, data), w0), w0);
    };
    const o = opt([1, 1, -1])!;
    expect(o.w[0]).toBeCloseTo(Math.LN2, 14);
    expect(o.hessianTop).toBeCloseTo(2 / 9, 14);
    expect(o.loss).toBeCloseTo((2 * Math.log(1.5) + Math.log(3)) / 3, 14);
    // With λ: L′(w) + λw = 0 and λ_max = σ(w)σ(−w) + λ at that w.
    const r = opt([1, 1, -1], 0.1)!;
    const w = r.w[0];
    expect((-2 * sigmoid(-w) + sigmoid(w)) / 3 + 0.1 * w).toBeCloseTo(0, 12);
    expect(r.hessianTop).toBeCloseTo(sigmoid(w) * sigmoid(-w) + 0.1, 12);
    expect(opt([1, 2])).toBeNull();
  });
});

describe('period detector', () => {
  const seq = (f: (t: number) => number) => Array.from({ length: 300 }, (_, t) => f(t));
  it('finds period 1, 2 and 4, and none in the logistic map at r = 4', () => {
    expect(detectPeriod(seq((t) => 0.5 + 2 ** -t))).toBe(1);
    expect(detectPeriod(seq((t) => 1 / (t + 1)))).toBe(1); // monotone: still approaching its limit
    expect(detectPeriod(seq((t) => 0.5 + (-0.99) ** t))).toBe(0); // oscillating, not settled to 1e-6 yet
    expect(detectPeriod(seq((t) => (t % 2 ? 1 : 2)))).toBe(2);
    expect(detectPeriod(seq((t) => [1, 3, 2, 5][t % 4]))).toBe(4);
    let x = 0.3;
    expect(detectPeriod(seq(() => (x = 4 * x * (1 - x))))).toBe(0);
    expect(detectPeriod([1, 1, 1])).toBeNull();
  });
  it('reads only a tail of consecutive steps', () => {
    const steps = Array.from({ length: 200 }, (_, i) => i);
    const v = steps.map((t) => (t % 2 ? 1 : 2));
    expect(latePeriod(steps, v)).toBe(2);
    expect(latePeriod(steps.map((s) => 2 * s), v)).toBeNull();
  });
});

describe('η-phase charts', () => {
  it('bifurcation panel: the last 64 losses of each η, one value below 2/λ, two on the period-2 cycle; 1/λ_max and 2/λ_max lines', async () => {
    const cfg = parseConfig({ data: { kind: 'line', points: [1, 1, -1] }, etas: [4.5, 9.9, 13.5], steps: 600, metrics: ['loss', 'distToOpt'], record: { denseUntil: 600 } });
    const res = await runSweep(new CpuEngine(), { config: cfg, data: lineData([1, 1, -1]) });
    expect(res.optimum!.criticalEta).toBeCloseTo(9, 12);
    const spec = buildPanels(res, { only: ['bifurcation'] })[0];
    expect(spec.id).toBe('bifurcation');
    expect(spec.data[0]).toEqual([4.5, 9.9, 13.5]);
    expect(spec.series).toHaveLength(LATE_POINTS);
    const distinct = (k: number) => new Set(spec.data.slice(1).map((col) => (col[k] as number).toPrecision(8))).size;
    expect([distinct(0), distinct(1), distinct(2)]).toEqual([1, 2, 4]);
    expect(spec.vLines!.map((l) => l.x)).toEqual([4.5, 9].map((v) => expect.closeTo(v, 10)));
    expect(legendItems(spec).map((i) => i.label)).toEqual(['late L(w_t), last 64 steps', '1/λ_max = 4.50', '2/λ_max = 9.00']);
  });

  it('phase map: each (η, λ) at height λ in the colour of its late behaviour, the critical η and 2/λ_max of each λ as guides', async () => {
    const parts = [];
    for (const l2 of [0.1, 0.01]) {
      const cfg = parseConfig({ data: { kind: 'line', points: [1, 1, -1] }, loss: { kind: 'logistic', l2 }, etas: [1, 8, 12, 1e4], steps: 400, metrics: ['loss', 'distToOpt'], record: { denseUntil: 400 } });
      parts.push({ results: await runSweep(new CpuEngine(), { config: cfg, data: lineData([1, 1, -1]) }) });
    }
    const spec = phasePanel(parts);
    const labels = spec.series.map((s) => s.label);
    expect(labels.filter((l) => l !== '')).toEqual(['converged', 'cycle', 'chaotic', 'diverged', 'critical η ≈ 1/(λ ln(1/λ))', '2/λ_max(∇²L(w*))']);
    const x = spec.data[0];
    const at = (series: number, eta: number) => spec.data[1 + series][x.indexOf(eta)];
    // λ = 0.1: η = 1 converges (series 0), η = 1e4 diverges (series 3); λ = 0.01's columns follow (4..7).
    expect(at(0, 1)).toBe(0.1);
    expect(at(3, 1e4)).toBe(0.1);
    expect(at(4, 1)).toBe(0.01);
    expect(at(7, 1e4)).toBe(0.01);
    expect(at(8, criticalEta(0.1)!)).toBe(0.1);
    expect(at(9, parts[1].results.optimum!.criticalEta)).toBe(0.01);
  });
});
