// Persistence: runs are written to IndexedDB as they go, so even a browser killed mid-run (SIGKILL,
// no chance to save on exit) leaves the run, with what it had recorded, for the next start.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clickAction, launchDashboard, typeInto, type Dashboard } from './dashboard';

const profile = mkdtempSync(join(tmpdir(), 'bigstep-profile-'));
let second: Dashboard | undefined;
afterAll(async () => {
  await second?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** A free TCP port: the same origin (and so the same IndexedDB) for both browser starts. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('persistence across a killed browser', () => {
  it('a run in progress survives kill -9 of the browser, with its data so far', async () => {
    const port = await freePort();
    const first = await launchDashboard({ userDataDir: profile, port });
    await first.open('?preset=toy&quick=1');
    await typeInto(first.page, 'name', 'killed-mid-run');
    await typeInto(first.page, 'steps', '2^20');
    await clickAction(first.page, 'run');
    // Wait for a few saves (every 2 s) with data in them, then kill Chrome outright.
    await first.page.waitForFunction(() => Number(document.querySelector('[data-role=steps]')?.textContent ?? '0') > 1500, { timeout: 60_000, polling: 200 });
    await new Promise((r) => setTimeout(r, 5000));
    first.session.browser.process()!.kill('SIGKILL');
    await first.session.server?.close();

    second = await launchDashboard({ userDataDir: profile, port });
    await second.open();
    await second.page.waitForSelector('bs-runs li[data-run-id]');
    const items = await second.page.$$eval('bs-runs li', (lis) => lis.map((li) => ({ name: li.querySelector('b')?.textContent, status: li.querySelector('.bs-badge')?.textContent })));
    expect(items[0]).toEqual({ name: 'killed-mid-run', status: 'interrupted' });
    await second.page.click('bs-runs li [data-action=open-run]');
    await second.page.waitForSelector('bs-chart[data-panel=loss]');
    const steps = await second.page.evaluate(() => (document.querySelector('bs-app') as unknown as { parts: { results: { runs: { series: { step: number[] } }[] } }[] }).parts[0].results.runs[0].series.step.length);
    expect(steps).toBeGreaterThan(100);
  }, 180_000);
});
