// The dashboard on every screen, telling the truth: no sideways scroll on a phone (start page, after a
// run, kiosk), all main charts on one 1080p kiosk screen, the live per-η status and the run's stages,
// cursor and zoom shared only by the charts of one x axis, one show/hide state for the table and
// every legend, and an exported PNG that carries the η colour key. Screenshots at 390×844,
// 1600×1000 and 1920×1080 (kiosk) go to docs/ under `npm run docs` only.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchDownloads, chartData, clickAction, launchDashboard, shot, typeInto, waitForPhase, type Dashboard } from './dashboard';
import { writingDocs } from '../docs-output';

let d: Dashboard;
beforeAll(async () => {
  d = await launchDashboard();
});
afterAll(() => d?.close());

const noSidewaysScroll = () => d.page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
const statuses = () => d.page.$$eval('bs-summary [data-role=status]', (tds) => tds.map((td) => td.textContent?.trim() ?? ''));

/** Where a chart's uPlot cursor is (left < 0: off the plot) and its x scale. */
const plotState = (panel: string) =>
  d.page.$eval(`bs-chart[data-panel="${panel}"]`, (el) => {
    const u = (el as unknown as { uplot: { cursor: { left: number }; scales: { x: { min: number; max: number } }; height: number } }).uplot;
    return { left: u.cursor.left, min: u.scales.x.min, max: u.scales.x.max, height: u.height };
  });

/** Every chart's cursor position, for messages. */
const cursors = () => d.page.$$eval('bs-chart', (cs) => cs.map((c) => `${c.getAttribute('data-panel')}: ${(c as unknown as { uplot: { cursor: { left: number } } }).uplot.cursor.left}`).join(', '));

/** The plot area (uPlot's .u-over) of a chart, in page pixels. */
async function overBox(panel: string) {
  const box = await (await d.page.$(`bs-chart[data-panel="${panel}"] .u-over`))!.boundingBox();
  return box!;
}

describe('every screen', () => {
  it('at 390×844 nothing scrolls sideways: the start page, after a run (form folded away), and kiosk mode', async () => {
    await d.page.setViewport({ width: 390, height: 844 });
    await d.open('?preset=toy&quick=1');
    let m = await noSidewaysScroll();
    expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
    // One column: the form sits above the charts, with a button that folds it away.
    expect(await d.page.$eval('[data-action=toggle-form]', (b) => getComputedStyle(b).display)).not.toBe('none');
    await typeInto(d.page, 'steps', '256');
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    // Running folded the form away so the charts show; every chart fits the phone's width.
    expect(await d.page.$eval('bs-config', (el) => (el as HTMLElement).offsetParent === null)).toBe(true);
    m = await noSidewaysScroll();
    expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
    const widest = await d.page.$$eval('bs-chart canvas', (cs) => Math.max(...cs.map((c) => c.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(390);
    await shot(d.page, 'docs/dashboard-phone.png');

    await d.open('?kiosk=1&cycle=toy&dwell=600&quick=1');
    await d.page.waitForSelector('bs-chart[data-panel=loss] canvas', { timeout: 90_000 });
    m = await noSidewaysScroll();
    expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
  }, 240_000); // two runs' start-up (data, shader compilation): 77 s here at load 11, 136 s at load 20

  it('kiosk on a 1080p screen shows every main chart of the preset at once, in large type', async () => {
    // The kiosk run of the test above goes on; the page re-fits to the new screen size.
    await d.page.setViewport({ width: 1920, height: 1080 });
    // Plots big enough to read across a room (at least 260 px high), all of them above the fold.
    await d.page.waitForFunction(
      () => {
        const charts = [...document.querySelectorAll('bs-chart')] as unknown as (HTMLElement & { uplot: { height: number } | null })[];
        return charts.length === 6 && charts.every((c) => c.getBoundingClientRect().bottom <= innerHeight && c.uplot && c.uplot.height >= 260);
      },
      { timeout: 20_000, polling: 200 },
    );
    expect(await d.page.$$eval('bs-chart', (cs) => cs.map((c) => c.getAttribute('data-panel')))).toEqual(['loss', 'etatl', 'sharpness', 'dist', 'accuracy', 'finalLoss']);
    // Type larger than on a desk.
    expect(await d.page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(20);
    const m = await noSidewaysScroll();
    expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
    if (writingDocs) {
      await waitForPhase(d.page, ['done'], 120_000);
      await new Promise((r) => setTimeout(r, 500));
    }
    await shot(d.page, 'docs/dashboard-kiosk.png');
  }, 60_000);

  it('mid-run the table shows each η as it is (running, then paused), after the named start-up stages', async () => {
    await d.page.setViewport({ width: 1600, height: 1000 });
    await d.open('?preset=toy');
    await typeInto(d.page, 'steps', '2^22');
    // Every stage text the run bar shows, as it shows it.
    await d.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { stagesSeen: string[] }).stagesSeen = seen;
      new MutationObserver(() => {
        const t = document.querySelector('[data-role=stage]')?.textContent?.trim();
        if (t && seen[seen.length - 1] !== t) seen.push(t);
      }).observe(document.querySelector('bs-run-bar')!, { subtree: true, childList: true, characterData: true });
    });
    await clickAction(d.page, 'run');
    await waitForPhase(d.page, ['running'], 90_000);
    await d.page.waitForFunction(() => document.querySelectorAll('bs-summary [data-role=status]').length === 4, { timeout: 20_000 });
    expect(await statuses()).toEqual(['running', 'running', 'running', 'running']);
    const stages = await d.page.evaluate(() => (window as unknown as { stagesSeen: string[] }).stagesSeen);
    expect(stages).toContain('compiling shaders…');
    expect(stages[stages.length - 1]).toBe('warming up…');
    // An ETA while running, from the last seconds' rate.
    await d.page.waitForSelector('[data-role=eta]', { timeout: 20_000 });
    await shot(d.page, 'docs/dashboard-running.png');
    // Past step 100 (two decades of log steps) before stopping: the zoom test below needs them.
    await d.page.waitForFunction(() => Number(document.querySelector('[data-role=steps]')?.textContent ?? 0) > 100, { timeout: 30_000 });
    await clickAction(d.page, 'pause');
    await d.page.waitForFunction(() => [...document.querySelectorAll('bs-summary [data-role=status]')].every((td) => td.textContent?.trim() === 'paused'), { timeout: 5000 });
    // Pause brings the charts up to the step counter: the snapshot they draw has counted every step
    // done, and the loss chart reaches its last record (live updates between are spaced ≥ 400 ms).
    await d.page
      .waitForFunction(() => {
        const steps = Number(document.querySelector('[data-role=steps]')?.textContent);
        const r = (document.querySelector('bs-app') as unknown as { parts: { results: { stepsDone: number; runs: { series: { step: number[] } }[] } }[] }).parts[0]?.results;
        const x = (document.querySelector('bs-chart[data-panel=loss]') as unknown as { spec: { data: number[][] } }).spec.data[0];
        return r !== undefined && r.stepsDone === steps && x[x.length - 1] === r.runs[0].series.step[r.runs[0].series.step.length - 1];
      }, { timeout: 5000 })
      .catch(() => expect.fail('paused, the charts still lag the step counter'));
    // No ETA while paused: nothing is running towards it.
    expect(await d.page.$('[data-role=eta]')).toBeNull();
    await clickAction(d.page, 'stop');
    expect(await waitForPhase(d.page, ['cancelled', 'done', 'error'])).toBe('cancelled');
    expect(await statuses()).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(await d.page.$('[data-role=eta]')).toBeNull();
  }, 150_000);

  it('hovering or zooming a step chart moves the other step charts, never the final-loss-vs-η chart', async () => {
    // The stopped run of the test above is on view.
    const before = await plotState('finalLoss');
    const loss = await overBox('loss');
    await d.page.mouse.move(loss.x + loss.width * 0.5, loss.y + loss.height * 0.5);
    await d.page
      .waitForFunction(() => (document.querySelector('bs-chart[data-panel=dist]') as unknown as { uplot: { cursor: { left: number } } }).uplot.cursor.left >= 0, { timeout: 5000 })
      .catch(async () => expect.fail(`the dist chart's cursor did not follow the loss chart's: ${await cursors()}`));
    expect((await plotState('loss')).left).toBeGreaterThan(0);
    expect((await plotState('finalLoss')).left).toBeLessThan(0);
    // Drag-zoom on the loss chart: the step charts follow, the η chart keeps its range.
    const distBefore = await plotState('dist');
    // A selection inside the first decade: log x ranges snap to whole decades, so it zooms to one
    // decade, which differs from the full range however many steps the stopped run got (two decades or more).
    await d.page.mouse.move(loss.x + loss.width * 0.05, loss.y + loss.height * 0.5);
    await d.page.mouse.down();
    await d.page.mouse.move(loss.x + loss.width * 0.15, loss.y + loss.height * 0.5, { steps: 5 });
    await d.page.mouse.up();
    await d.page.waitForFunction(
      (min: number, max: number) => {
        const x = (document.querySelector('bs-chart[data-panel=dist]') as unknown as { uplot: { scales: { x: { min: number; max: number } } } }).uplot.scales.x;
        return x.min !== min || x.max !== max;
      },
      { timeout: 5000 },
      distBefore.min,
      distBefore.max,
    ).catch(async () => expect.fail(`the dist chart did not follow the loss chart's zoom: ${JSON.stringify([distBefore, await plotState('loss'), await plotState('dist')])}`));
    const after = await plotState('finalLoss');
    expect([after.min, after.max]).toEqual([before.min, before.max]);
    expect((await chartData(d.page, 'finalLoss'))!.data[0]).toEqual([4, 8, 16, 32]);
  }, 30_000);

  it('a click on a legend entry hides that η in the table and on every chart; the exported PNG carries the key, and a chart CSV its data', async () => {
    // η = 8 off from the loss chart's legend.
    await d.page.evaluate(() => {
      const rows = [...document.querySelectorAll('bs-chart[data-panel=loss] .u-legend .u-series')];
      (rows.find((r) => r.textContent?.includes('η = 8')) as HTMLElement).querySelector('th')!.click();
    });
    await d.page.waitForFunction(() => document.querySelector('bs-summary tr[data-eta="8"]')?.classList.contains('bs-off'), { timeout: 5000 });
    // Every chart hid it (curve, guide and marker on the loss chart), not only the one clicked.
    await d.page.waitForFunction(() => document.querySelectorAll('bs-chart[data-panel=dist] .u-legend .u-off').length === 1 && document.querySelectorAll('bs-chart[data-panel=loss] .u-legend .u-off').length === 3, { timeout: 5000 });

    // The PNG export: caught as it is downloaded, then searched for the key's colour swatches.
    await catchDownloads(d.page);
    await clickAction(d.page, 'export-png');
    await d.page.waitForFunction(() => (window as unknown as { downloads: Blob[] }).downloads.length === 1, { timeout: 10_000 });
    const colors = await d.page.$eval('bs-chart[data-panel=loss]', (el) => (el as unknown as { spec: { series: { color: string; role: string; label: string }[] } }).spec.series.filter((s) => s.role === 'eta').map((s) => [s.label, s.color]));
    const found = await d.page.evaluate(async (pairs: string[][]) => {
      const img = await createImageBitmap((window as unknown as { downloads: Blob[] }).downloads[0]);
      const c = new OffscreenCanvas(img.width, img.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      /** Solid blocks of 16×8 pixels of exactly this colour: the key's swatches (curves are 1.5 px wide). */
      const blocks = (css: string) => {
        const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number);
        const is = (x: number, y: number) => {
          const i = (y * img.width + x) * 4;
          return px[i] === r && px[i + 1] === g && px[i + 2] === b;
        };
        let n = 0;
        for (let y = 0; y + 8 <= img.height; y++)
          for (let x = 0; x + 16 <= img.width; x++) {
            if (!is(x, y) || (x > 0 && is(x - 1, y)) || (y > 0 && is(x, y - 1))) continue;
            let solid = true;
            for (let dy = 0; dy < 8 && solid; dy++) for (let dx = 0; dx < 16 && solid; dx++) solid = is(x + dx, y + dy);
            if (solid) n++;
          }
        return n;
      };
      return Object.fromEntries(pairs.map(([label, css]) => [label, blocks(css)]));
    }, colors);
    const charts = await d.page.$$eval('bs-chart', (cs) => cs.length);
    // One swatch per step chart for each shown η (the final-loss chart's key is its one point series);
    // the hidden η = 8 is left out of the key, as it is off the charts.
    expect(found['η = 4']).toBe(charts - 1);
    expect(found['η = 32']).toBe(charts - 1);
    expect(found['η = 8']).toBe(0);

    // A chart's own CSV button: that chart's data, as drawn.
    await d.page.click('bs-chart[data-panel=finalLoss] [data-action=chart-csv]');
    await d.page.waitForFunction(() => (window as unknown as { downloads: Blob[] }).downloads.length === 2, { timeout: 10_000 });
    const csv = await d.page.evaluate(() => (window as unknown as { downloads: Blob[] }).downloads[1].text());
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('η,final loss');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([4, 8, 16, 32]);
  }, 60_000);

  it('a kept run can be renamed and noted, and keeps both across a reload', async () => {
    await d.open('?preset=toy&quick=1');
    await d.page.waitForSelector('bs-runs [data-action=edit-run]');
    const id = await d.page.$eval('bs-runs li', (li) => li.getAttribute('data-run-id'));
    await d.page.click(`bs-runs li[data-run-id="${id}"] [data-action=edit-run]`);
    await typeInto(d.page, 'run-name', 'toy, stopped early');
    await d.page.type('textarea[name=run-note]', 'η = 32 crosses 1/η first');
    await d.page.click('[data-action=save-run]');
    await d.page.waitForFunction((i: string) => document.querySelector(`bs-runs li[data-run-id="${i}"] [data-role=run-name]`)?.textContent === 'toy, stopped early', { timeout: 5000 }, id!);
    await d.open('?preset=toy&quick=1');
    await d.page.waitForSelector(`bs-runs li[data-run-id="${id}"] [data-role=run-note]`, { timeout: 5000 });
    const [name, note] = await d.page.$eval(`bs-runs li[data-run-id="${id}"]`, (li) => [li.querySelector('[data-role=run-name]')?.textContent, li.querySelector('[data-role=run-note]')?.textContent]);
    expect(name).toBe('toy, stopped early');
    expect(note).toBe('η = 32 crosses 1/η first');
  }, 30_000);

  it('a bad link says what was wrong instead of being ignored', async () => {
    await d.open('?preset=nope');
    expect(await d.page.$eval('[data-role=notice]', (e) => e.textContent)).toMatch(/unknown preset "nope" \(known: .*toy/);
    await d.open('?config=%7Bbroken');
    expect(await d.page.$eval('[data-role=notice]', (e) => e.textContent)).toMatch(/\?config= is not valid JSON/);
  }, 30_000);
});
