// What a researcher does with runs already made, on two small results files imported as the CLI
// writes them (no engine runs here, so the file takes seconds): lay a past sweep over the one on view
// (dashed, named in the legend and the key), find runs and η with the filters, read values off the floating
// tooltip, look at one chart full screen, type axis ranges and zoom, and get them back from the link,
// and download one chart as an SVG figure and as a PNG at a chosen size and scale.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/core/results';
import { fmtNum } from '../../src/ui/charts/format';
import { tmpDir } from '../cli-runner';
import { catchDownloads, chartData, clickAction, launchDashboard, shot, typeInto, type Dashboard } from './dashboard';
import { pngSize, sweepResults } from './fixtures';

let d: Dashboard;
let current: Results;
let past: Results;

/** Imports a results file through the header's button, as a person would. */
async function importResults(r: Results): Promise<void> {
  const file = join(tmpDir(), `${r.config.name}.results.json`);
  writeFileSync(file, JSON.stringify(r));
  const input = await d.page.$('input[name=import]');
  await input!.uploadFile(file);
  await d.page.waitForFunction((n: string) => document.querySelector('[data-role=notice]')?.textContent?.includes(`imported ${n}`), { timeout: 20_000 }, `${r.config.name}.results.json`);
}

const viewInLink = () => d.page.evaluate(() => JSON.parse(new URL(location.href).searchParams.get('view') ?? '{}') as { ranges?: Record<string, { x?: number[]; y?: number[] }>; yLog?: Record<string, boolean>; smoothing?: number; hidden?: number[] });
const scales = (panel: string) =>
  d.page.$eval(`bs-chart[data-panel="${panel}"]`, (el) => {
    const s = (el as unknown as { uplot: { scales: Record<string, { min: number; max: number }> } }).uplot.scales;
    return { x: [s.x.min, s.x.max], y: [s.y.min, s.y.max] };
  });

beforeAll(async () => {
  [current, past] = await Promise.all([
    sweepResults({ name: 'current', data: { kind: 'toy' }, etas: [4, 8, 16], steps: 300, metrics: ['loss', 'distFromInit'] }),
    sweepResults({ name: 'past', data: { kind: 'toy' }, etas: [4, 8, 16], steps: 120, metrics: ['loss', 'distFromInit'], model: { kind: 'linear', init: 'normal', initScale: 0.5, initSeed: 3 } }),
  ]);
  d = await launchDashboard();
  await d.page.setViewport({ width: 1600, height: 1000 });
  await d.open('?preset=toy&quick=1');
  await importResults(past);
  await importResults(current);
});
afterAll(() => d?.close());

describe('compare runs and publish figures', () => {
  it('lays a past sweep over the one on view: dashed curves named by run, a key of line styles, its rows in the table', async () => {
    const pastId = await d.page.$$eval('bs-runs li', (lis) => lis.find((li) => li.querySelector('[data-role=run-name]')?.textContent === 'past')!.getAttribute('data-run-id')!);
    await d.page.click(`bs-runs li[data-run-id="${pastId}"] [data-action=overlay-run]`);
    await d.page.waitForSelector('[data-role=overlays]');
    const loss = (await chartData(d.page, 'loss'))!;
    // The current sweep's curves (and its guides and markers) first, then the past sweep's curves, named.
    expect(loss.labels.filter((l) => l.startsWith('η = '))).toEqual(['η = 4', 'η = 8', 'η = 16', 'η = 4 · past', 'η = 8 · past', 'η = 16 · past']);
    // Both sweeps' numbers, each at its own steps on the shared x axis.
    const x = loss.data[0];
    const k = loss.labels.indexOf('η = 16 · past') + 1;
    const last = past.runs[2].series.step.length - 1;
    expect(loss.data[k][x.indexOf(past.runs[2].series.step[last])]).toBe(past.runs[2].series.loss![last]);
    const lastCur = current.runs[2].series.step.length - 1;
    expect(loss.data[3][x.indexOf(current.runs[2].series.step[lastCur])]).toBe(current.runs[2].series.loss![lastCur]);
    // uPlot draws the past run dashed, the current one solid; the legend says which is which.
    const dashes = await d.page.$eval('bs-chart[data-panel=loss]', (el) =>
      (el as unknown as { uplot: { series: { label: string; dash?: number[] }[] } }).uplot.series.filter((s) => s.label?.startsWith('η = 16')).map((s) => [s.label, s.dash ?? null]),
    );
    expect(dashes[0]).toEqual(['η = 16', null]);
    expect(dashes[1][0]).toBe('η = 16 · past');
    expect((dashes[1][1] as number[]).length).toBeGreaterThan(1);
    // uPlot's legend marks the past run's entries with its line style (dotted for the first compared run).
    const markers = await d.page.$$eval('bs-chart[data-panel=loss] .u-legend .u-series', (rows) =>
      Object.fromEntries(rows.map((r) => [r.querySelector('.u-label')?.textContent ?? '', (r.querySelector('.u-marker') as HTMLElement | null)?.style.borderStyle ?? ''])),
    );
    expect([markers['η = 16'], markers['η = 16 · past']]).toEqual(['solid', 'dotted']);
    const key = await d.page.$$eval('[data-role=overlays] .bs-overlay-item', (items) => items.map((i) => [i.textContent?.replace(/\s+/g, ' ').trim(), i.querySelector('line')?.getAttribute('stroke-dasharray')]));
    expect(key[0][0]).toMatch(/^current \(on view/);
    expect(key[0][1]).toBe('none');
    expect(key[1][0]).toMatch(/^past \(float64/);
    expect(key[1][1]).toBe((dashes[1][1] as number[]).join(' '));
    // The table lists the past run's η under its name, in its line style, beside the current run's.
    const rows = await d.page.$$eval('bs-summary tbody.bs-compared tr[data-eta]', (trs) =>
      trs.map((tr) => ({ eta: Number(tr.getAttribute('data-eta')), dash: tr.querySelector('line')?.getAttribute('stroke-dasharray'), finalLoss: tr.querySelectorAll('td')[5].textContent })),
    );
    expect(rows).toEqual(past.runs.map((r) => ({ eta: r.eta, dash: (dashes[1][1] as number[]).join(' '), finalLoss: fmtNum(r.summary.finalLoss) })));
    expect(await d.page.$eval('bs-summary .bs-compared-head', (th) => th.textContent?.trim())).toBe('past');
    // Hiding an η hides it in both runs.
    await d.page.click('bs-summary tr[data-eta="8"] input');
    await d.page.waitForFunction(() => {
      const u = (document.querySelector('bs-chart[data-panel=dist]') as unknown as { uplot: { series: { label: string; show: boolean }[] } }).uplot;
      return u.series.filter((s) => s.label?.startsWith('η = 8')).every((s) => !s.show);
    }, { timeout: 5000 });
    await d.page.click('bs-summary tr[data-eta="8"] input');
    // The run list marks it.
    expect(await d.page.$eval(`bs-runs li[data-run-id="${pastId}"] [data-action=overlay-run]`, (b) => b.getAttribute('aria-pressed'))).toBe('true');
    await shot(d.page, 'docs/dashboard-compare.png');
  }, 30_000);

  it('downloads a chart as an SVG figure and as a PNG at the chosen size and scale, each with what was run and the key; Export PNG stacks them all', async () => {
    await catchDownloads(d.page);
    await typeInto(d.page, 'figure-width', '800');
    await typeInto(d.page, 'figure-height', '500');
    await d.page.keyboard.press('Tab');
    await d.page.select('select[name=figure-scale]', '2');
    await d.page.click('bs-chart[data-panel=loss] [data-action=chart-svg]');
    await d.page.waitForFunction(() => (window as unknown as { downloads: Blob[] }).downloads.length === 1, { timeout: 10_000 });
    const svg = await d.page.evaluate(() => (window as unknown as { downloads: Blob[] }).downloads[0].text());
    expect(svg).toMatch(/^<svg [^>]*width="800"/);
    const key = [...svg.matchAll(/data-role="key">([^<]*)</g)].map((m) => m[1]);
    expect(key).toEqual(['η = 4', 'η = 8', 'η = 16', 'η = 4 · past', 'η = 8 · past', 'η = 16 · past']);
    // The past run's key entries and curves are dashed, the current run's not.
    expect(svg).toMatch(/data-series="η = 4 · past"[^>]*stroke-dasharray/);
    expect(svg).not.toMatch(/data-series="η = 4"[^>]*stroke-dasharray/);
    const summary = [...svg.matchAll(/data-role="summary">([^<]*)</g)].map((m) => m[1]).join(' · ');
    expect(summary).toContain('current · toy');
    expect(summary).toContain('300 steps');
    expect(summary).toContain('compared with past (dashed)');
    expect(svg).toContain('data-role="x-label">step t<');
    expect(svg).toContain('data-role="y-label">L(w_t)<');

    await d.page.click('bs-chart[data-panel=loss] [data-action=chart-png]');
    await d.page.waitForFunction(() => (window as unknown as { downloads: Blob[] }).downloads.some((b) => b.type === 'image/png'), { timeout: 10_000 });
    const png = await d.page.evaluate(async () => {
      const b = (window as unknown as { downloads: Blob[] }).downloads.find((x) => x.type === 'image/png')!;
      return [...new Uint8Array(await b.arrayBuffer()).slice(0, 32)];
    });
    const { width, height } = pngSize(new Uint8Array(png));
    const svgHeight = Number(/height="(\d+)"/.exec(svg)![1]);
    expect([width, height]).toEqual([1600, svgHeight * 2]);
    expect(svgHeight).toBeGreaterThanOrEqual(500);

    // With a size or scale set, the header's Export PNG stacks every chart as that figure.
    const pngs = () => d.page.evaluate(() => (window as unknown as { downloads: Blob[] }).downloads.filter((x) => x.type === 'image/png').length);
    await clickAction(d.page, 'export-png');
    await d.page.waitForFunction(() => (window as unknown as { downloads: Blob[] }).downloads.filter((x) => x.type === 'image/png').length === 2, { timeout: 10_000 });
    expect(await pngs()).toBe(2);
    const all = await d.page.evaluate(async () => {
      const b = (window as unknown as { downloads: Blob[] }).downloads.filter((x) => x.type === 'image/png')[1];
      return [...new Uint8Array(await b.arrayBuffer()).slice(0, 32)];
    });
    const charts = await d.page.$$eval('bs-chart', (cs) => cs.length);
    const stacked = pngSize(new Uint8Array(all));
    expect(stacked.width).toBe(1600);
    expect(stacked.height).toBeGreaterThanOrEqual(charts * 500 * 2);
  }, 30_000);

  it('shows a floating tooltip sorted by value with the nearest curve in bold, and a chart full screen', async () => {
    const box = (await (await d.page.$('bs-chart[data-panel=dist] .u-over'))!.boundingBox())!;
    await d.page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5);
    await d.page.waitForSelector('bs-chart[data-panel=dist] .bs-tooltip', { visible: true, timeout: 5000 });
    const tip = await d.page.$eval('bs-chart[data-panel=dist] .bs-tooltip', (t) => ({
      head: t.firstElementChild?.textContent ?? '',
      rows: [...t.children].slice(1).map((r) => r.textContent?.trim() ?? ''),
      near: t.querySelectorAll('.bs-tooltip-near').length,
    }));
    expect(tip.head).toMatch(/^step t = \d+/);
    // Every shown curve of both runs, highest value first.
    expect(tip.rows.length).toBeGreaterThanOrEqual(3);
    const values = tip.rows.map((r) => Number(r.split(': ')[1]));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(tip.near).toBe(1);
    await d.page.mouse.move(box.x - 40, box.y - 40);
    await d.page.waitForSelector('bs-chart[data-panel=dist] .bs-tooltip', { hidden: true, timeout: 5000 });

    await d.page.click('bs-chart[data-panel=dist] [data-action=full-screen]');
    await d.page.waitForFunction(() => document.fullscreenElement?.getAttribute('data-panel') === 'dist', { timeout: 5000 });
    // The plot grows to the screen, less the title bar.
    await d.page.waitForFunction(() => (document.querySelector('bs-chart[data-panel=dist]') as unknown as { uplot: { height: number } }).uplot.height >= innerHeight - 80, { timeout: 5000 });
    expect(await d.page.$eval('bs-chart[data-panel=dist] [data-action=full-screen]', (b) => b.getAttribute('aria-label'))).toBe('leave full screen');
    await d.page.click('bs-chart[data-panel=dist] [data-action=full-screen]');
    await d.page.waitForFunction(() => document.fullscreenElement === null, { timeout: 5000 });
    await d.page.waitForFunction(() => (document.querySelector('bs-chart[data-panel=dist]') as unknown as { uplot: { height: number } }).uplot.height === 260, { timeout: 5000 });
  }, 30_000);

  it('takes typed axis ranges, keeps a zoom, and a link brings back both with the log choices, smoothing and hidden η', async () => {
    // Typed limits on the distance chart; a bad pair is refused with the reason.
    await d.page.click('bs-chart[data-panel=dist] [data-action=axis-range]');
    await typeInto(d.page, 'x-min', '100');
    await typeInto(d.page, 'x-max', '10');
    await d.page.click('bs-chart[data-panel=dist] [data-action=apply-range]');
    expect(await d.page.$eval('bs-chart[data-panel=dist] [data-role=range-error]', (e) => e.textContent)).toMatch(/min \(100\) must be below max \(10\)/);
    await typeInto(d.page, 'x-min', '10');
    await typeInto(d.page, 'x-max', '1e2');
    await typeInto(d.page, 'y-min', '0.01');
    await typeInto(d.page, 'y-max', '10');
    await d.page.click('bs-chart[data-panel=dist] [data-action=apply-range]');
    await d.page.waitForFunction(() => (document.querySelector('bs-chart[data-panel=dist]') as unknown as { uplot: { scales: { x: { min: number } } } }).uplot.scales.x.min === 10, { timeout: 5000 });
    expect(await scales('dist')).toEqual({ x: [10, 100], y: [0.01, 10] });
    // Drag-zoom on the final-loss chart (its own x axis); the link keeps both charts' views.
    const before = await scales('finalLoss');
    const box = (await (await d.page.$('bs-chart[data-panel=finalLoss] .u-over'))!.boundingBox())!;
    // Within the second decade of η (log ranges snap to whole decades): the zoom is 10 to 100.
    await d.page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    await d.page.mouse.down();
    await d.page.mouse.move(box.x + box.width * 0.95, box.y + box.height * 0.5, { steps: 5 });
    await d.page.mouse.up();
    await d.page.waitForFunction((min: number) => (document.querySelector('bs-chart[data-panel=finalLoss]') as unknown as { uplot: { scales: { x: { min: number } } } }).uplot.scales.x.min !== min, { timeout: 5000 }, before.x[0]);
    const zoom = (await scales('finalLoss')).x;
    await d.page.click('bs-chart[data-panel=loss] [data-action=toggle-log]');
    // Smoothing all the way (End on the focused slider) and η = 16 hidden, from the table.
    await d.page.focus('input[name=smoothing]');
    await d.page.keyboard.press('End');
    await d.page.click('bs-summary tr[data-eta="16"] input');
    await d.page
      .waitForFunction(() => new URL(location.href).searchParams.get('view')?.includes('finalLoss'), { timeout: 5000 })
      .catch(async () => expect.fail(`the link kept no zoom: ${JSON.stringify([before, zoom, await viewInLink()])}`));
    const view = await viewInLink();
    expect(view.ranges).toEqual({ dist: { x: [10, 100], y: [0.01, 10] }, finalLoss: { x: zoom } });
    expect(view.yLog).toEqual({ loss: false });
    expect(view.smoothing).toBe(0.99);
    expect(view.hidden).toEqual([16]);

    // The link in a fresh page, on the same saved run: the same view.
    const link = d.page.url();
    const id = await d.page.$eval('bs-runs li.bs-current', (li) => li.getAttribute('data-run-id')!);
    await d.page.goto(link, { waitUntil: 'load' });
    await d.page.waitForSelector(`bs-runs li[data-run-id="${id}"] [data-action=open-run]`);
    await d.page.click(`bs-runs li[data-run-id="${id}"] [data-action=open-run]`);
    await d.page.waitForSelector('bs-chart[data-panel=finalLoss] .u-over');
    await d.page.waitForFunction(() => (document.querySelector('bs-chart[data-panel=dist]') as unknown as { uplot: { scales: { x: { min: number } } } } | null)?.uplot?.scales.x.min === 10, { timeout: 5000 });
    expect(await scales('dist')).toEqual({ x: [10, 100], y: [0.01, 10] });
    expect((await scales('finalLoss')).x).toEqual(zoom);
    expect(await d.page.$eval('bs-chart[data-panel=loss] [data-action=toggle-log]', (b) => b.textContent)).toBe('linear y');
    expect(await d.page.$eval('[data-role=smoothing]', (e) => e.textContent)).toBe('0.99');
    expect((await chartData(d.page, 'loss'))!.labels).toContain('η = 4 (raw)');
    expect(await d.page.$eval('bs-summary tr[data-eta="16"]', (tr) => tr.classList.contains('bs-off'))).toBe(true);
    // A double-click goes back to the data's range, and the link forgets the zoom.
    const fl = (await (await d.page.$('bs-chart[data-panel=finalLoss] .u-over'))!.boundingBox())!;
    await d.page.mouse.click(fl.x + fl.width / 2, fl.y + fl.height / 2, { clickCount: 2 });
    await d.page.waitForFunction(() => !new URL(location.href).searchParams.get('view')?.includes('finalLoss'), { timeout: 5000 });
    expect((await scales('finalLoss')).x).toEqual(before.x);
  }, 60_000); // a reload and two runs' charts drawn twice: 3 to 12 s here at load 4 to 15

  it('filters the saved runs by name, note, engine or status, and the η shown; ✕ in the key takes the compared run off', async () => {
    const names = () => d.page.$$eval('bs-runs [data-role=run-name]', (bs) => bs.map((b) => b.textContent));
    expect((await names()).sort()).toEqual(['current', 'past']);
    await typeInto(d.page, 'run-filter', 'pas');
    expect(await names()).toEqual(['past']);
    expect(await d.page.$eval('[data-role=run-count]', (e) => e.textContent)).toBe('1 of 2 runs');
    await typeInto(d.page, 'run-filter', 'imported cpu');
    expect((await names()).length).toBe(2);
    await typeInto(d.page, 'run-filter', 'nothing like it');
    expect(await names()).toEqual([]);
    await typeInto(d.page, 'run-filter', '');
    expect((await names()).length).toBe(2);

    // The η filter: what it leaves out is hidden in the table (and on every chart); a term it cannot read is named.
    const off = () => d.page.$$eval('bs-summary tr.bs-off', (trs) => trs.map((tr) => Number(tr.getAttribute('data-eta'))));
    await typeInto(d.page, 'eta-filter', '>= 8');
    await d.page.keyboard.press('Enter');
    await d.page.waitForFunction(() => document.querySelectorAll('bs-summary tr.bs-off').length === 1, { timeout: 5000 });
    expect(await off()).toEqual([4]);
    await typeInto(d.page, 'eta-filter', '4, big');
    await d.page.keyboard.press('Enter');
    expect(await d.page.waitForSelector('[data-role=eta-filter-error]').then((e) => e!.evaluate((x) => x.textContent))).toContain('"big" is not a number');
    await typeInto(d.page, 'eta-filter', '');
    await d.page.keyboard.press('Enter');
    await d.page.waitForFunction(() => document.querySelectorAll('bs-summary tr.bs-off').length === 0, { timeout: 5000 });

    await d.page.click('bs-runs li:not(.bs-current) [data-action=overlay-run]');
    await d.page.waitForSelector('[data-role=overlays]');
    expect((await chartData(d.page, 'loss'))!.labels).toContain('η = 4 · past');
    await clickAction(d.page, 'remove-overlay');
    await d.page.waitForSelector('[data-role=overlays]', { hidden: true });
    expect((await chartData(d.page, 'loss'))!.labels.filter((l) => l.includes('past'))).toEqual([]);
  }, 30_000);
});
