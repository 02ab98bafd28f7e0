// Keeping and sharing runs: CSV and JSON exports match the run; a reload finds the run in the list
// with its data; a shared URL sets up the same config; a results file written by the CLI imports.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeResults } from '../../src/cli/write-results';
import { parseConfig } from '../../src/core/config';
import type { Results } from '../../src/core/results';
import { resultsToCsv } from '../../src/core/results-csv';
import { chartData, clickAction, launchDashboard, shot, typeInto, waitForPhase, type Dashboard } from './dashboard';
import { sweepResults } from './fixtures';

let d: Dashboard;
const downloads = mkdtempSync(join(tmpdir(), 'bigstep-dl-'));
beforeAll(async () => {
  d = await launchDashboard();
  const cdp = await d.page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
});
afterAll(async () => {
  await d?.close();
  rmSync(downloads, { recursive: true, force: true });
});

const appResults = () => d.page.evaluate(() => (document.querySelector('bs-app') as unknown as { parts: { results: Results }[] }).parts[0]?.results ?? null);

async function download(action: string, suffix: string): Promise<string> {
  await clickAction(d.page, action);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const f = readdirSync(downloads).find((n) => n.endsWith(suffix));
    if (f && existsSync(join(downloads, f))) return readFileSync(join(downloads, f), 'utf8');
    if (Date.now() > deadline) throw new Error(`no ${suffix} download`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('keep and share', () => {
  let run: Results;

  it('exports CSV and JSON that match the run', async () => {
    await d.open('?preset=toy&quick=1');
    await typeInto(d.page, 'name', 'share-me');
    await typeInto(d.page, 'steps', '300');
    await clickAction(d.page, 'run');
    expect(await waitForPhase(d.page, ['done', 'error'])).toBe('done');
    run = (await appResults())!;
    const json = JSON.parse(await download('export-json', '.results.json')) as Results;
    expect(json).toEqual(run);
    expect(json.format).toBe('bigstep.results/1');
    expect(json.runs.map((r) => r.eta)).toEqual([4, 8, 16, 32]);
    const csv = await download('export-csv', '.results.csv');
    expect(csv).toBe(resultsToCsv(run));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(['eta', 'status', 'step', ...run.config.metrics].join(','));
    expect(lines.length - 1).toBe(run.runs.reduce((n, r) => n + r.series.step.length, 0));
  });

  it('finds the run in the list after a reload, with its data', async () => {
    const shared = d.page.url();
    await d.page.reload({ waitUntil: 'load' });
    await d.page.waitForSelector('bs-runs li[data-run-id]');
    const names = await d.page.$$eval('bs-runs li b', (bs) => bs.map((b) => b.textContent));
    expect(names[0]).toBe('share-me');
    await shot(d.page, 'docs/dashboard-runs.png');
    await d.page.click('bs-runs li [data-action=open-run]');
    await d.page.waitForSelector('bs-chart[data-panel=loss]');
    expect(await appResults()).toEqual(run);
    const loss = (await chartData(d.page, 'loss'))!;
    const last = run.runs[0].series.step.length - 1;
    expect(loss.data[1][loss.data[0].indexOf(run.runs[0].series.step[last])]).toBe(run.runs[0].series.loss![last]);

    // The shared link, opened fresh, sets up the same config.
    const page2 = await d.session.browser.newPage();
    await page2.goto(shared, { waitUntil: 'load' });
    await page2.waitForSelector('bs-config input[name=steps]');
    expect(await page2.$eval('input[name=steps]', (e) => (e as HTMLInputElement).value)).toBe('300');
    expect(await page2.$eval('input[name=name]', (e) => (e as HTMLInputElement).value)).toBe('share-me');
    const cfg = JSON.parse(new URL(page2.url()).searchParams.get('config')!);
    expect(parseConfig(cfg)).toEqual(run.config);
    await page2.close();
  });

  it('imports a results file written by the CLI and draws it', async () => {
    const cli = await sweepResults({ name: 'from-cli', data: { kind: 'twoPoint', gamma: 0.05 }, etas: [1, 10, 100], steps: 200, metrics: ['loss', 'distFromInit'] });
    const dir = join(downloads, 'cli');
    mkdirSync(dir); // the CLI makes its --out folder before writing (prepareOutputDir); writeResults writes into it
    const [jsonPath] = await writeResults(dir, cli);
    await d.open();
    const input = await d.page.$('input[name=import]');
    await input!.uploadFile(jsonPath);
    await d.page.waitForFunction(() => document.querySelector('[data-role=notice]')?.textContent?.includes('imported'), { timeout: 20_000 });
    const shown = (await appResults())!;
    expect(shown).toEqual(JSON.parse(readFileSync(jsonPath, 'utf8')));
    expect(shown.engine.kind).toBe('cpu');
    const dist = (await chartData(d.page, 'dist'))!;
    expect(dist.labels).toEqual(['η = 1', 'η = 10', 'η = 100']);
    const r = cli.runs[2];
    const i = r.series.step.length - 1;
    expect(dist.data[3][dist.data[0].indexOf(r.series.step[i])]).toBe(r.series.distFromInit![i]);
    // A file that is not a results file is refused with the reason.
    const badPath = join(downloads, 'bad.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(badPath, JSON.stringify({ format: 'nope' })));
    await input!.uploadFile(badPath);
    await d.page.waitForFunction(() => document.querySelector('[data-role=notice]')?.textContent?.includes('cannot import'), { timeout: 20_000 });
  });
});
