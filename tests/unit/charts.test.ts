// The chart module's data, without a browser: every panel holds the run's numbers at the right
// steps, guides and markers sit where the science puts them, and no non-finite value gets through.

import { describe, expect, it } from 'vitest';
import { buildPanels } from '../../src/ui/charts/panels';
import { isClean, safeRange } from '../../src/ui/charts/clean';
import { thinIndices } from '../../src/ui/charts/align';
import { uplotOptions } from '../../src/ui/charts/uplot-options';
import type { PanelSpec } from '../../src/ui/charts/panel-types';
import type { Results } from '../../src/core/results';
import { sweepResults, toyResults } from '../e2e/fixtures';
import { summaryTable } from '../../src/cli/summary-table';
import { floorLogAxis, logFloor } from '../../src/ui/charts/log-floor';

function panel(panels: PanelSpec[], id: string): PanelSpec {
  const p = panels.find((q) => q.id === id);
  if (!p) throw new Error(`no panel ${id}`);
  return p;
}

function allClean(p: PanelSpec): boolean {
  const [x, ...ys] = p.data;
  return isClean(x, p.xLog) && x.every((v, i) => i === 0 || v > x[i - 1]) && ys.every((y) => y.length === x.length && isClean(y, p.yLog));
}

describe('chart panels', () => {
  it('builds loss, η·t·L, sharpness, distance, accuracy and final-loss panels from a toy sweep', async () => {
    const res = await toyResults(256);
    const panels = buildPanels(res);
    expect(panels.map((p) => p.id)).toEqual(['loss', 'etatl', 'sharpness', 'dist', 'accuracy', 'gradNorm', 'margin', 'expLoss', 'finalLoss']);
    for (const p of panels) expect(allClean(p), p.id).toBe(true);

    const loss = panel(panels, 'loss');
    const [x] = loss.data;
    expect(x[0]).toBeGreaterThan(0); // step 0 has no place on a log axis
    res.runs.forEach((run, k) => {
      expect(loss.series[k]).toMatchObject({ role: 'eta', eta: run.eta });
      run.series.step.forEach((s, i) => {
        const j = x.indexOf(s);
        if (s > 0) expect(loss.data[k + 1][j]).toBe(run.series.loss![i]);
      });
      // The 1/η guide and the transition marker of this η.
      const guide = loss.series.findIndex((q) => q.role === 'guide' && q.eta === run.eta);
      // Drawn from the first step to the last, a value at the two ends only.
      expect(loss.data[guide + 1].filter((v) => v !== null)).toEqual([1 / run.eta, 1 / run.eta]);
      expect(loss.data[guide + 1][0]).toBe(1 / run.eta);
      expect(loss.data[guide + 1][x.length - 1]).toBe(1 / run.eta);
      const marker = loss.series.findIndex((q) => q.role === 'marker' && q.eta === run.eta);
      const pts = loss.data[marker + 1].map((v, j) => (v === null ? null : x[j])).filter((v) => v !== null);
      const pt = run.summary.phaseTransitionStep;
      expect(pts).toEqual(pt !== null && pt > 0 ? [pt] : []);
    });

    const etatl = panel(panels, 'etatl');
    const run = res.runs[3];
    const last = run.series.step.length - 1;
    const T = run.series.step[last];
    expect(etatl.data[4][etatl.data[0].indexOf(T)]).toBeCloseTo(run.eta * T * run.series.loss![last]!, 12);

    const sharp = panel(panels, 'sharpness');
    expect(sharp.xLog).toBe(false);
    const twoOverEta = sharp.series.filter((q) => q.role === 'guide').map((q, i) => sharp.data[1 + res.runs.length + i][0]);
    expect(twoOverEta).toEqual(res.runs.map((r) => 2 / r.eta));

    const fin = panel(panels, 'finalLoss');
    expect(fin.data[0]).toEqual([4, 8, 16, 32]);
    expect(fin.data[1]).toEqual(res.runs.map((r) => r.summary.finalLoss));
  });

  it('turns NaN, Infinity, null and non-positive values on log axes into gaps', async () => {
    const res: Results = structuredClone(await toyResults(64));
    const loss = res.runs[0].series.loss!;
    loss[3] = NaN;
    loss[4] = Infinity;
    loss[5] = -1;
    loss[6] = 0;
    loss[7] = null;
    res.runs[1].status = 'diverged';
    res.runs[1].summary.finalLoss = Infinity;
    res.runs[2].series.sharpness = res.runs[2].series.sharpness!.map(() => NaN);
    for (const p of buildPanels(res)) expect(allClean(p), p.id).toBe(true);
    const lossPanel = buildPanels(res, { only: ['loss'] })[0];
    const x = lossPanel.data[0];
    for (const s of [3, 4, 5, 6, 7]) expect(lossPanel.data[1][x.indexOf(s)]).toBeNull();
    // Linear y keeps the negative value (it is finite) but still drops NaN and ±Infinity.
    const lin = buildPanels(res, { only: ['loss'], yLog: { loss: false } })[0];
    expect(lin.data[1][x.indexOf(5)]).toBe(-1);
    expect(lin.data[1][x.indexOf(4)]).toBeNull();
  });

  it('thins long series to the point budget, keeping ends, markers and spikes', () => {
    const x = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const spike = 50_000;
    const score = new Float64Array(x.length);
    score[spike] = 1e9;
    const idx = thinIndices(x, 1000, true, new Set([12_345]), score);
    expect(idx.length).toBeLessThanOrEqual(1003);
    expect(idx).toContain(0);
    expect(idx).toContain(99_999);
    expect(idx).toContain(12_345);
    expect(idx).toContain(spike);
  });

  it('thins every log-x panel of a long sweep to one shared set of steps that keeps the loss spikes', async () => {
    // 3 runs × 20,000 recorded steps, the second with one loss spike at step 12,345 (between buckets
    // of the 500-point budget, so only the spike score keeps it).
    const res: Results = structuredClone(await toyResults(64));
    const N = 20_000;
    const step = Array.from({ length: N + 1 }, (_, i) => i);
    res.runs = res.runs.slice(0, 3).map((r, k) => {
      const curve = step.map((t) => 1 / (1 + r.eta * t));
      if (k === 1) curve[12_345] = 5;
      const series = { step, loss: curve, distFromInit: curve.map((v) => 1 - v), accuracy: curve.map(() => 1), gradNorm: curve, margin: curve, expLoss: curve };
      return { ...r, series, summary: { ...r.summary, phaseTransitionStep: 777 + k } };
    });
    res.config = { ...res.config, metrics: ['loss', 'distFromInit', 'accuracy', 'gradNorm', 'margin', 'expLoss'] };
    const panels = buildPanels(res, { maxPoints: 500 });
    const logPanels = panels.filter((p) => p.xLog && p.id !== 'finalLoss');
    expect(logPanels.map((p) => p.id)).toEqual(['loss', 'etatl', 'dist', 'accuracy', 'gradNorm', 'margin', 'expLoss']);
    const x = logPanels[0].data[0];
    expect(x.length).toBeLessThanOrEqual(510);
    for (const p of logPanels) expect(p.data[0]).toEqual(x);
    for (const s of [1, 777, 778, 779, 12_345, N]) expect(x).toContain(s);
    const loss = panel(panels, 'loss');
    expect(loss.data[2][x.indexOf(12_345)]).toBe(5);
    for (const p of panels) expect(allClean(p), p.id).toBe(true);
  });

  it('draws no 1/η guide or transition for softmax CE and MSE, where L ≤ 1/η means nothing, but keeps 2/η', async () => {
    const res = await sweepResults({
      data: { kind: 'mnistClasses', digits: [0, 1, 2], n: 12, scaling: 'pixel' },
      model: { kind: 'mlp', widths: [4], activation: 'tanh' },
      loss: { kind: 'mse' },
      etas: [0.5, 2],
      steps: 6,
      metrics: ['loss', 'sharpness'],
      record: { sharpnessEvery: 2, sharpnessIterations: 4 },
    });
    const [loss, , sharp] = buildPanels(res);
    expect(loss.id).toBe('loss');
    expect(loss.series.map((s) => s.role)).toEqual(['eta', 'eta']);
    // The title promises only what is drawn; the sharpness starts on a log y axis.
    expect(loss.title).not.toMatch(/1\/η|◆/);
    expect(sharp.yLog).toBe(true);
    expect(sharp.series.filter((s) => s.role === 'guide').map((s) => s.label)).toEqual(['2/η (η = 1/2)', '2/η (η = 2)']);
    const table = summaryTable(res).split('\n');
    expect(table[0]).toMatch(/transition\s+monotone/);
    for (const row of table.slice(1)) expect(row).toMatch(/n\/a\s+n\/a/);
  });

  it('draws the 1/γ² limit on the η·t·L panel where the margin is known (toy: 25), and none for the NTK', async () => {
    const etatl = panel(buildPanels(await toyResults(64)), 'etatl');
    const k = etatl.series.findIndex((q) => q.role === 'guide');
    expect(etatl.series[k]).toMatchObject({ eta: null, label: '1/γ² = 25 (γ = 0.2)' });
    const ends = etatl.data[k + 1].filter((v) => v !== null);
    expect(ends).toHaveLength(2);
    for (const v of ends) expect(v).toBeCloseTo(25, 12);
    expect(etatl.title).toMatch(/1\/γ²/);
    const ntk = await sweepResults({ data: { kind: 'toy' }, model: { kind: 'ntk', width: 4 }, etas: [1], steps: 8, metrics: ['loss'] });
    expect(panel(buildPanels(ntk), 'etatl').series.some((q) => q.role === 'guide')).toBe(false);
  });

  it('floors a log axis 24 decades below its top (never below 1e-20) and says so, so uPlot always draws it', () => {
    expect(logFloor(1e4)).toBe(1e-20);
    expect(logFloor(0.7)).toBe(1e-20);
    expect(logFloor(5e5)).toBe(1e-18);
    const spec: PanelSpec = {
      id: 'accel', title: 'A', xLabel: 'T', yLabel: 'L', xLog: true, yLog: true,
      data: [[16, 64], [3.5e-72, 0.5], [null, 1e-3]],
      series: [{ label: 'a', color: 'red', role: 'eta', eta: null }, { label: 'b', color: 'red', role: 'guide', eta: null }],
    };
    const floored = floorLogAxis(spec);
    expect(floored.data).toEqual([[16, 64], [1e-20, 0.5], [null, 1e-3]]);
    expect(floored.title).toBe('A — log axis floored at 1e-20: lower values drawn on the floor');
    // Nothing below the floor, or a linear axis: the very same spec.
    expect(floorLogAxis({ ...spec, data: [[16, 64], [1e-3, 0.5], [null, 1e-3]] }).title).toBe('A');
    const linear = { ...spec, yLog: false };
    expect(floorLogAxis(linear)).toBe(linear);
  });

  it('gives uPlot safe ranges and log distributions', async () => {
    expect(safeRange(null, null, true)).toEqual([0.1, 10]);
    expect(safeRange(3e-7, 0.5, true)).toEqual([1e-7, 1]);
    expect(safeRange(2, 2, false)).toEqual([1, 3]);
    const p = buildPanels(await toyResults(64), { only: ['loss'] })[0];
    const o = uplotOptions(p, { width: 400, height: 200, hidden: new Set([8]) });
    expect(o.scales?.x?.distr).toBe(3);
    expect(o.series.length).toBe(p.series.length + 1);
    expect(o.series.filter((s) => s.show === false).length).toBe(3); // η = 8: curve, guide, marker
  });
});
