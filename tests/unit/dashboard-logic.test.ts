// The dashboard's small pure pieces: η colours readable on both themes' chart panels, η printed in
// one form per sweep, the ETA from the recent rate, the warm GPU/CPU timing, the bad-link message,
// the view a link restores, EMA smoothing, a chart's CSV and tick labels that never crowd.

import { describe, expect, it } from 'vitest';
import { contrastRatio, etaColor, PANEL_BACKGROUND, ramp, type Theme } from '../../src/ui/charts/colors';
import { fmtEta } from '../../src/ui/charts/format';
import { RecentRate } from '../../src/ui/run/recent-rate';
import { commonWarmStep, warmRate } from '../../src/ui/run/warm-rate';
import { DEFAULT_VIEW, linkProblem, urlWithConfig, viewFromUrl } from '../../src/ui/state/url-state';
import { SweepControl } from '../../src/sweep/control';
import { ema, smoothPanel } from '../../src/ui/charts/smooth';
import { chartCsv } from '../../src/ui/charts/chart-csv';
import { thinLabels } from '../../src/ui/charts/uplot-options';
import type { PanelSpec } from '../../src/ui/charts/panel-types';
import { buildPanels } from '../../src/ui/charts/panels';
import { toyResults } from '../e2e/fixtures';

describe('η colours', () => {
  it('stand out from the chart panel in both themes (at least 3:1 along the whole span)', () => {
    for (const theme of ['light', 'dark'] as Theme[]) {
      for (let t = 0; t <= 1; t += 0.05) expect(contrastRatio(ramp(t, theme), PANEL_BACKGROUND[theme]), `${theme} t = ${t}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('run from one end of the span to the other along log η, distinct per η', () => {
    const etas = [1 / 64, 1 / 16, 1 / 4, 1, 4];
    const light = etas.map((e) => etaColor(e, etas, 'light'));
    expect(new Set(light).size).toBe(etas.length);
    expect(light[0]).toBe(ramp(0, 'light'));
    expect(light[4]).toBe(ramp(1, 'light'));
    expect(etaColor(4, etas, 'dark')).not.toBe(light[4]);
  });
});

describe('fmtEta', () => {
  it('writes every η of a sweep in one form', () => {
    const powers = [1 / 64, 1 / 4, 1, 8];
    expect(powers.map((e) => fmtEta(e, powers))).toEqual(['1/64', '1/4', '1', '8']);
    const mixed = [0.02, 0.07, 0.25];
    expect(mixed.map((e) => fmtEta(e, mixed))).toEqual(['0.02', '0.07', '0.25']);
    const logSpaced = [1 / 64, 0.0884, 0.5];
    expect(logSpaced.map((e) => fmtEta(e, logSpaced))).toEqual(['0.0156', '0.0884', '0.5']);
  });
});

describe('RecentRate', () => {
  it('gives the ETA from the last seconds, not from a slow start', () => {
    const r = new RecentRate(5000, 500);
    // 30 s of start-up with almost nothing done, then 10% per second.
    r.add(0, 0);
    r.add(30_000, 0.001);
    expect(r.secondsTo(1)).toBeNull(); // the start-up is older than the window: no rate from it
    for (let t = 31_000; t <= 36_000; t += 1000) r.add(t, 0.001 + ((t - 30_000) / 1000) * 0.1);
    expect(r.perSecond()).toBeCloseTo(0.1, 6);
    expect(r.secondsTo(1)).toBeCloseTo((1 - 0.601) / 0.1, 6);
  });

  it('knows nothing after a reset or before its shortest span, and starts over when the counter goes back', () => {
    const r = new RecentRate(5000, 500);
    r.add(0, 10);
    r.add(200, 20);
    expect(r.perSecond()).toBeNull();
    r.add(1000, 30);
    expect(r.perSecond()).toBeCloseTo(20, 6);
    r.add(1100, 5); // a new batch
    expect(r.perSecond()).toBeNull();
    r.reset();
    expect(r.secondsTo(100)).toBeNull();
  });
});

describe('warmRate', () => {
  it('times both engines over the same steps, after the later first report', () => {
    const gpu = [
      [30_000, 64], // the first report comes after 30 s of shader compilation
      [30_100, 128],
      [30_500, 1024],
    ] as const;
    const cpu = [
      [100, 16],
      [200, 32],
      [400, 64],
      [2000, 1024],
    ] as const;
    const from = commonWarmStep([gpu, cpu]);
    expect(from).toBe(64);
    expect(warmRate(gpu, from)).toBeCloseTo((1024 - 64) / 0.5, 6);
    expect(warmRate(cpu, from)).toBeCloseTo((1024 - 64) / 1.6, 6);
    // Between reports, the time at the common step is interpolated.
    expect(warmRate(cpu, 48)).toBeCloseTo((1024 - 48) / 1.7, 6);
    // A run done in one report leaves nothing to time.
    expect(warmRate([[10, 1024]], 1024)).toBeNull();
  });
});

describe('linkProblem', () => {
  it('names what is wrong with a bad link, and is quiet for a good one', () => {
    expect(linkProblem('?config=%7Bnot json')).toMatch(/\?config= is not valid JSON/);
    expect(linkProblem('?config=%5B1%5D')).toMatch(/not a JSON object/);
    expect(linkProblem('?preset=nope')).toMatch(/unknown preset "nope" \(known: .*toy/);
    expect(linkProblem('?preset=toy&quick=1')).toBeNull();
    expect(linkProblem('?config=%7B%7D')).toBeNull();
    expect(linkProblem('')).toBeNull();
  });
});

describe('the view in a link', () => {
  it('round-trips hidden η, log choices (x and y), smoothing and axis ranges, and drops what is malformed', () => {
    const view = { hidden: [8, 0.25], yLog: { sharpness: false }, xLog: { sharpness: true }, smoothing: 0.6, ranges: { loss: { x: [10, 100] as [number, number] }, finalLoss: { y: [1e-4, 0.5] as [number, number] } } };
    const href = urlWithConfig('http://localhost/?preset=toy', { name: 'x' }, view);
    expect(new URL(href).searchParams.has('preset')).toBe(false);
    expect(viewFromUrl(new URL(href).search)).toEqual(view);
    // The default view leaves the link short.
    expect(new URL(urlWithConfig('http://localhost/', { name: 'x' })).searchParams.has('view')).toBe(false);
    expect(viewFromUrl('?view=%7Bbad')).toEqual(DEFAULT_VIEW);
    expect(viewFromUrl('?view=' + encodeURIComponent(JSON.stringify({ hidden: [1, 'x'], yLog: { loss: 'yes' }, smoothing: 5 })))).toEqual({ hidden: [1], yLog: {}, xLog: {}, smoothing: 0.99, ranges: {} });
    // A range must be two finite numbers, lowest first; a bad axis goes, a good one beside it stays.
    const ranges = { loss: { x: [5, 1], y: [1, 2] }, dist: { x: ['a', 3] }, sharpness: 'wide', etatl: { x: [1, 2, 3] } };
    expect(viewFromUrl('?view=' + encodeURIComponent(JSON.stringify({ ranges }))).ranges).toEqual({ loss: { y: [1, 2] } });
  });
});

describe('EMA smoothing', () => {
  it('is a debiased moving average (linear or geometric), skipping gaps', () => {
    expect(ema([1, 1, 1], 0.9, false)).toEqual([1, 1, 1]); // debiased: no pull towards 0 at the start
    const s = ema([0, null, 10], 0.5, false);
    expect(s[1]).toBeNull();
    expect(s[2]).toBeCloseTo((0.5 * 0.5 * 0 + 0.5 * 10) / (0.5 * 0.5 + 0.5), 12);
    // On a log axis: the geometric mean of 1e-2 and 1e-4 with equal weights (after debiasing) is 1e-3.
    const g = ema([1e-2, 1e-4], 0.5, true);
    expect(Math.log10(g[1]!)).toBeCloseTo((0.5 * -2 * 0.5 + 0.5 * -4) / (0.25 + 0.5), 12);
    expect(ema([3, 4], 0, false)).toEqual([3, 4]);
  });

  const spec: PanelSpec = {
    id: 'loss',
    title: 't',
    xLabel: 'step t',
    yLabel: 'L',
    xLog: true,
    yLog: true,
    data: [
      [1, 2, 3],
      [1, 0.1, 0.01],
      [0.5, 0.5, null],
    ],
    series: [
      { label: 'η = 4', color: 'rgb(68, 1, 84)', role: 'eta', eta: 4 },
      { label: '1/η (η = 4)', color: 'rgb(68, 1, 84)', role: 'guide', eta: 4 },
    ],
  };

  it('smooths the η curves of a step panel and keeps the raw ones, faint, after them', () => {
    const out = smoothPanel(spec, 0.5);
    expect(out.series.map((s) => `${s.role}:${s.label}`)).toEqual(['eta:η = 4', 'guide:1/η (η = 4)', 'raw:η = 4 (raw)']);
    expect(out.series[2].color).toBe('rgba(68, 1, 84, 0.3)');
    expect(out.data[3]).toEqual(spec.data[1]);
    expect(out.data[2]).toEqual(spec.data[2]); // guides are not smoothed
    expect(out.data[1]).toEqual(ema(spec.data[1], 0.5, true));
    expect(smoothPanel(spec, 0)).toBe(spec);
    expect(smoothPanel({ ...spec, xLabel: 'η' }, 0.5).series.length).toBe(2); // only charts over steps
  });

  it('a chart CSV has the x column and one column per series, empty where there is no point', () => {
    expect(chartCsv(spec)).toBe('step t,η = 4,1/η (η = 4)' + '\n1,1,0.5\n2,0.1,0.5\n3,0.01,\n');
  });
});

describe('thinLabels', () => {
  it('keeps every k-th label when there are more than fit', () => {
    const decades = ['1e-4', '1e-3', '0.01', '0.1', '1', '10', '100', '1e3', '1e4', '1e5'];
    expect(thinLabels(decades, 20)).toEqual(decades);
    const thin = thinLabels(decades, 4);
    expect(thin.filter((l) => l).length).toBeLessThanOrEqual(4);
    expect(thin[0]).toBe('1e-4');
    expect(thinLabels(['', 'a', '', 'b', 'c'], 2)).toEqual(['', 'a', '', '', 'c']);
  });
});

describe('the x axis switch', () => {
  it('puts a step panel on log or linear steps, leaving the others as they were', async () => {
    const res = await toyResults(64);
    const plain = buildPanels(res, { only: ['loss', 'sharpness', 'dist'] });
    const switched = buildPanels(res, { only: ['loss', 'sharpness', 'dist'], xLog: { loss: false, sharpness: true } });
    expect(plain.map((p) => p.xLog)).toEqual([true, false, true]);
    expect(switched.map((p) => p.xLog)).toEqual([false, true, true]);
    // Log steps cannot hold step 0; linear ones keep it.
    expect(switched[1].data[0].every((x) => (x as number) > 0)).toBe(true);
    expect(switched[0].data[0][0]).toBe(0);
    expect(switched[2].data).toEqual(plain[2].data);
  });
});

describe('pause listeners', () => {
  it('tell each pause once (a second pause, or one after a cancel, is none) until removed', () => {
    const control = new SweepControl();
    let calls = 0;
    const off = control.onPause(() => calls++);
    control.pause();
    control.pause();
    expect(calls).toBe(1);
    control.resume();
    control.pause();
    expect(calls).toBe(2);
    off();
    control.resume();
    control.pause();
    expect(calls).toBe(2);
    const stopped = new SweepControl();
    stopped.onPause(() => calls++);
    stopped.cancel();
    stopped.pause();
    expect(calls).toBe(2);
  });
});
