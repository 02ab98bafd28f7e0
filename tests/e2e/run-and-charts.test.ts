// A person opens the dashboard, picks a preset, runs it and sees every chart fill with the run's
// numbers; pauses, resumes and stops a long run; types bad stepsizes and gets the inline error.
// Screenshots of these views go to docs/.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../../src/core/presets';
import type { Results } from '../../src/core/results';
import { chartData, choosePreset, clickAction, launchDashboard, panelIds, phase, shot, typeInto, waitForPhase, type Dashboard } from './dashboard';

let d: Dashboard;
beforeAll(async () => {
  d = await launchDashboard();
});
afterAll(() => d?.close());

const appResults = (dash: Dashboard) => dash.page.evaluate(() => (document.querySelector('bs-app') as unknown as { parts: { results: Results }[] }).parts[0]?.results ?? null);

describe('the dashboard runs a preset and draws it', () => {
  it('picks the toy preset, runs it, and every chart holds the run’s data', async () => {
    await d.open();
    await choosePreset(d.page, 'toy');
    await typeInto(d.page, 'steps', '1024');
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    const ids = await panelIds(d.page);
    expect(ids).toEqual(['loss', 'etatl', 'sharpness', 'dist', 'accuracy', 'gradNorm', 'margin', 'expLoss', 'finalLoss']);
    const res = (await appResults(d))!;
    expect(res.status).toBe('done');
    expect(res.engine.kind).toBe('gpu');
    for (const id of ids) {
      const c = (await chartData(d.page, id))!;
      const [x, ...ys] = c.data;
      expect(x.length, id).toBeGreaterThan(3);
      // Every curve has finite numbers; nothing else ever reaches uPlot.
      c.roles.forEach((role, i) => {
        if (role === 'eta') expect(ys[i].some((v) => v !== null), `${id} ${c.labels[i]}`).toBe(true);
        expect(ys[i].every((v) => v === null || Number.isFinite(v)), id).toBe(true);
      });
    }
    const loss = (await chartData(d.page, 'loss'))!;
    expect(loss.labels.slice(0, 4)).toEqual(['η = 4', 'η = 8', 'η = 16', 'η = 32']);
    res.runs.forEach((run, k) => {
      const last = run.series.step.length - 1;
      const j = loss.data[0].indexOf(run.series.step[last]);
      expect(loss.data[k + 1][j]).toBe(run.series.loss![last]);
    });
    // The per-η table shows the summary the run computed.
    const rows = await d.page.$$eval('bs-summary tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(rows.length).toBe(4);
    expect(rows.map((r) => r[3])).toEqual(res.runs.map((r) => String(r.summary.phaseTransitionStep ?? '–')));
    await shot(d.page, 'docs/dashboard-run.png');

    // Show/hide: unticking η = 8 hides its curve, guide and marker on the charts.
    await d.page.click('bs-summary tr[data-eta="8"] input');
    // uPlot marks hidden series "u-off" in its legend (η = 8's curve, guide and marker: three rows).
    await d.page.waitForFunction(() => document.querySelectorAll('bs-chart[data-panel=loss] .u-legend .u-off').length === 3, { timeout: 5000 });
    expect(await d.page.$eval('bs-summary tr[data-eta="8"]', (tr) => tr.className)).toContain('bs-off');
    // Log/linear y.
    await d.page.click('bs-chart[data-panel=loss] [data-action=toggle-log]');
    await d.page.waitForFunction(() => document.querySelector('bs-chart[data-panel=loss] [data-action=toggle-log]')?.textContent?.includes('linear'));

    // The GPU panel names the adapter and compares the two engines on one small sweep.
    expect(await d.page.$eval('[data-role=adapter]', (e) => e.textContent)).toMatch(/swiftshader|google/i);
    await clickAction(d.page, 'compare');
    await d.page.waitForFunction(() => /GPU [\d.e]+ steps\/s · CPU/.test(document.querySelector('[data-role=compare]')?.textContent ?? ''), { timeout: 90_000 });
  });

  it('the GPU panel’s memory limit makes the runs that do not fit run in batches', async () => {
    await d.open('?preset=toy');
    await typeInto(d.page, 'steps', '64');
    // The toy sweep's plan takes about 108 KiB per run (its metric slots: 1024 × 9 metrics × 3 buffers): 0.25 MiB holds 2 of its 4 runs.
    await d.page.type('input[data-role=gpu-memory]', '0.25');
    await d.page.keyboard.press('Tab');
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    const batches = await d.page.evaluate(() => (document.querySelector('bs-app') as unknown as { progress: { batches: number } | null }).progress?.batches);
    expect(batches).toBe(2);
    const res = (await appResults(d))!;
    expect(res.runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('pauses, resumes and stops a long run, keeping what was recorded', async () => {
    await d.open('?preset=toy');
    await typeInto(d.page, 'steps', '2^22');
    await clickAction(d.page, 'run');
    await waitForPhase(d.page, ['running']);
    await d.page.waitForFunction(() => Number(document.querySelector('[data-role=steps]')?.textContent ?? 0) > 0, { timeout: 60_000 });
    // The Stop button stays where it is while the progress text changes (steps, rate, ETA).
    const stopBox = () => d.page.$eval('[data-action=stop]', (e) => JSON.stringify(e.getBoundingClientRect()));
    const stopAt = await stopBox();
    await clickAction(d.page, 'pause');
    expect(await phase(d.page)).toBe('paused');
    await new Promise((r) => setTimeout(r, 800)); // the chunk in flight lands
    const a = await d.page.$eval('[data-role=steps]', (e) => Number(e.textContent));
    await new Promise((r) => setTimeout(r, 1500));
    const b = await d.page.$eval('[data-role=steps]', (e) => Number(e.textContent));
    expect(b).toBe(a);
    // The charts already show the run so far (live partial results), while it is paused.
    const live = (await chartData(d.page, 'loss'))!;
    expect(live.data[0].length).toBeGreaterThan(10);
    expect(live.data[1].filter((v) => v !== null).length).toBeGreaterThan(10);
    await clickAction(d.page, 'resume');
    await d.page.waitForFunction((n: number) => Number(document.querySelector('[data-role=steps]')?.textContent ?? 0) > n, { timeout: 30_000 }, b);
    expect(await stopBox(), 'the Stop button stays put as the progress text changes').toBe(stopAt);
    await clickAction(d.page, 'stop');
    expect(await waitForPhase(d.page, ['cancelled', 'done', 'error'])).toBe('cancelled');
    const res = (await appResults(d))!;
    expect(res.status).toBe('cancelled');
    expect(res.stepsDone).toBeGreaterThan(b);
    expect(res.stepsDone).toBeLessThan(2 ** 22);
    expect(res.runs.every((r) => r.status === 'cancelled' && r.series.step.length > 0)).toBe(true);
    const loss = (await chartData(d.page, 'loss'))!;
    expect(loss.data[1].some((v) => v !== null)).toBe(true);
  });

  it('shows an inline error for bad stepsizes, keeps Run disabled, and runs once fixed', async () => {
    await d.open('?preset=toy');
    const runDisabled = () => d.page.$eval('[data-action=run]', (b) => (b as HTMLButtonElement).disabled);
    const etaError = () => d.page.$eval('[data-error-for=etas]', (e) => e.textContent ?? '').catch(() => null);
    for (const bad of ['−1', 'abc', '']) {
      await typeInto(d.page, 'etas', bad);
      const msg = await etaError();
      expect(msg, `η = "${bad}"`).toMatch(/^etas/);
      expect(await runDisabled()).toBe(true);
      expect(await d.page.$eval('input[name=etas]', (e) => e.getAttribute('aria-invalid'))).toBe('true');
      if (bad === '−1') expect(msg).toContain('-1');
      if (bad === 'abc') expect(msg).toContain('"abc"');
      if (bad === '') await shot(d.page, 'docs/dashboard-config-error.png');
    }
    await typeInto(d.page, 'etas', '2, 16');
    expect(await etaError()).toBeNull();
    expect(await runDisabled()).toBe(false);
    await typeInto(d.page, 'steps', '256');
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    expect((await appResults(d))!.config.etas).toEqual([2, 16]);
  });

  it('runs on an uploaded CSV file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bigstep-csv-'));
    const file = join(dir, 'points.csv');
    writeFileSync(file, 'x1,x2,label\n1,0.2,yes\n-2,0.2,yes\n-1,-0.2,no\n2,-0.2,no\n0.5,0.4,yes\n-0.5,-0.4,no\n');
    await d.open('?preset=toy');
    await d.page.select('select[name="data.kind"]', 'csv');
    const input = await d.page.waitForSelector('input[name="data.path"]');
    await input!.uploadFile(file);
    await d.page.waitForFunction(() => !document.querySelector('[data-error-for]'), { timeout: 10_000 });
    await typeInto(d.page, 'steps', '128');
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    const res = (await appResults(d))!;
    expect(res.data).toMatchObject({ n: 6, d: 2 });
    expect(res.config.data).toMatchObject({ kind: 'csv', path: 'points.csv' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the acceleration study in the dark theme and draws L(w_T) against T with its guides', async () => {
    await d.open();
    await d.page.evaluate(() => localStorage.setItem('bigstep-theme', 'light'));
    await d.open();
    await choosePreset(d.page, 'accel');
    expect(await d.page.$eval('[data-role=study]', (e) => e.textContent)).toContain('accel');
    await clickAction(d.page, 'theme');
    expect(await d.page.evaluate(() => document.body.dataset.theme)).toBe('dark');
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    const accel = (await chartData(d.page, 'accel'))!;
    const quick = preset('accel', true);
    if (quick.study?.kind !== 'accel') throw new Error('the accel preset has no acceleration study');
    expect(accel.labels).toEqual([`η = ${quick.study.c}·T`, ...quick.etas.map((eta) => `η = ${eta}`), '∝ 1/T', '∝ 1/T²']);
    expect(accel.data[0]).toEqual(quick.study.horizons);
    const res = (await appResults(d))!;
    // η = T read at its own horizon: run 2 + j at step T_j.
    accel.data[0].forEach((T, j) => {
      const run = res.runs[2 + j];
      expect(accel.data[1][j]).toBe(run.series.loss![run.series.step.indexOf(T as number)]);
    });
    await shot(d.page, 'docs/dashboard-accel-dark.png');
    await clickAction(d.page, 'theme');
  });
});
