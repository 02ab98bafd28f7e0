// Compare runs and publish figures, without a browser: an overlaid sweep's curves keep their
// numbers at their own steps on the merged x axis (dashed, named), the SVG figure draws what the
// chart shows (key, summary, axis labels, ranges), and typed axis limits are checked against the axis.

import { describe, expect, it } from 'vitest';
import { parseAxisRange } from '../../src/ui/charts/axis-range';
import { axisTicks, chartSvg } from '../../src/ui/charts/chart-svg';
import { overlayDash, overlayPanels } from '../../src/ui/charts/overlay';
import { buildPanels } from '../../src/ui/charts/panels';
import { sweepResults } from '../e2e/fixtures';

const small = (name: string, steps: number, etas: number[]) => sweepResults({ name, data: { kind: 'toy' }, etas, steps, metrics: ['loss'] });

describe('overlaid runs', () => {
  it('adds the other run’s curves, dashed and named, each value at its own step, and keeps the current run’s as they were', async () => {
    const [cur, past] = await Promise.all([small('cur', 200, [4, 16]), small('past', 90, [4, 8])]);
    const mine = buildPanels(cur);
    const [loss, , finalLoss] = overlayPanels(mine, [{ name: 'past', dash: overlayDash(0), panels: buildPanels(past) }]);
    const x = loss.data[0];
    expect(x.every((v, i) => i === 0 || v > x[i - 1])).toBe(true);
    const labels = loss.series.map((s) => s.label);
    expect(labels.filter((l) => l.startsWith('η'))).toEqual(['η = 4', 'η = 16', 'η = 4 · past', 'η = 8 · past']);
    // Guides and markers are the current run's only.
    expect(loss.series.filter((s) => s.run === 'past').map((s) => s.role)).toEqual(['eta', 'eta']);
    expect(loss.series.filter((s) => s.run === 'past').every((s) => s.dash?.join() === overlayDash(0).join())).toBe(true);
    expect(loss.series.filter((s) => !s.run).every((s) => s.dash === undefined)).toBe(true);
    // Every value of both runs sits at its step.
    const at = (k: number, step: number) => loss.data[k + 1][x.indexOf(step)];
    const own = mine[0];
    own.data[0].forEach((step, i) => expect(at(0, step)).toBe(own.data[1][i]));
    const pastLoss = buildPanels(past)[0];
    const k8 = labels.indexOf('η = 8 · past');
    pastLoss.data[0].forEach((step, i) => expect(at(k8, step)).toBe(pastLoss.data[2][i]));
    // The final-loss-vs-η chart gets the other run's point series too.
    expect(finalLoss.series.map((s) => s.label)).toEqual(['final loss', 'final loss · past']);
    expect(finalLoss.data[0]).toEqual([4, 8, 16]);
  });

  it('gives each overlaid run its own dash pattern', () => {
    expect(new Set([0, 1, 2, 3].map((i) => overlayDash(i).join())).size).toBe(4);
  });
});

describe('SVG figures', () => {
  it('draws the chart with its key, the summary, axis labels and the view’s ranges, hidden η left out', async () => {
    const res = await small('fig', 128, [4, 8, 16]);
    const loss = buildPanels(res)[0];
    const svg = chartSvg(loss, { width: 640, height: 400, hidden: new Set([8]), summary: 'fig · toy · 128 steps', xRange: [1, 100], yRange: [1e-3, 1] });
    expect(svg).toMatch(/^<svg [^>]*width="640" height="(\d+)"/);
    expect(Number(/height="(\d+)"/.exec(svg)![1])).toBeGreaterThanOrEqual(400);
    expect([...svg.matchAll(/data-role="key">([^<]*)</g)].map((m) => m[1])).toEqual(['η = 4', 'η = 16']);
    expect(svg).toContain('data-role="summary">fig · toy · 128 steps<');
    expect(svg).toContain('data-role="x-label">step t<');
    expect(svg).not.toContain('data-series="η = 8"');
    // Tick labels at the decades of the ranges given.
    for (const t of ['>1<', '>10<', '>100<', '>1e-3<', '>0.01<', '>0.1<']) expect(svg).toContain(t);
    // Curves are clipped to the plot, so a zoom draws nothing outside it.
    expect(svg).toContain('clip-path="url(#plot)"');
  });

  it('puts ticks at decades on log axes and at 1-2-5 steps on linear ones', () => {
    expect(axisTicks(1e-3, 10, true)).toEqual([1e-3, 1e-2, 0.1, 1, 10]);
    expect(axisTicks(1e-12, 1, true, 4)).toEqual([1e-12, 1e-8, 1e-4, 1]);
    expect(axisTicks(0, 1, false, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('typed axis ranges', () => {
  it('reads both limits as the form does, fits the data when both are empty, and names what is wrong', () => {
    expect(parseAxisRange('x', { min: '2^3', max: '1e3' }, true)).toEqual({ range: [8, 1000] });
    expect(parseAxisRange('x', { min: ' ', max: '' }, true)).toEqual({ range: null });
    expect(parseAxisRange('y', { min: '0', max: '1' }, true)).toEqual({ error: 'y: a log axis needs min > 0 (got 0)' });
    expect(parseAxisRange('y', { min: '0', max: '1' }, false)).toEqual({ range: [0, 1] });
    expect(parseAxisRange('y', { min: '5', max: '1' }, false)).toEqual({ error: 'y: min (5) must be below max (1)' });
    expect(parseAxisRange('y', { min: 'a', max: '1' }, false)).toEqual({ error: 'y: both limits must be numbers (or both empty to fit the data)' });
  });
});
