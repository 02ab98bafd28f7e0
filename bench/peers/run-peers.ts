// The peers in headless Chrome: TensorFlow.js and jax-js are bundled (esbuild) into a page served by
// the same Vite server as bigstep's host page and opened in the same browser; bigstep runs through
// RemoteGpuEngine on its host page. Same adapter, same run.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'puppeteer-core';
import type { Dataset } from '../../src/core/data/dataset';
import { cleanError, type BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import type { PeerRow } from '../report';
import type { Workload } from '../workloads';
import { comparePeers } from './compare';
import { peerWorkloads } from './problem';
import type { PeerName, PeerProblem, PeersApi } from './wire';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = 'results/bench/peers';

export interface PeerOptions {
  quick: boolean;
  runs: number;
  only: RegExp | null;
}

async function openPeersPage(session: BrowserSession): Promise<Page> {
  mkdirSync(resolve(ROOT, OUT), { recursive: true });
  await build({
    entryPoints: [resolve(ROOT, 'bench/peers/page.ts')],
    outfile: resolve(ROOT, OUT, 'peers.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
  });
  writeFileSync(resolve(ROOT, OUT, 'peers.html'), '<!doctype html><meta charset="utf-8"><title>bigstep peers</title><script type="module" src="./peers.js"></script>\n');
  const page = await session.browser.newPage();
  page.on('pageerror', (e) => console.log(`[peers page] ${String(e)}`));
  await page.goto(`${new URL(session.url).origin}/${OUT}/peers.html`, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction(() => window.bigstepPeers !== undefined, { timeout: 60_000 });
  return page;
}

export async function runPeers(session: BrowserSession, data: (w: Workload) => Promise<Dataset>, opts: PeerOptions, log: (s: string) => void): Promise<PeerRow[]> {
  const workloads = peerWorkloads(opts.quick).filter((w) => !opts.only || opts.only.test(w.id));
  if (workloads.length === 0) return [];
  let page: Page;
  try {
    page = await openPeersPage(session);
  } catch (err) {
    const reason = `the peers page did not load: ${cleanError(err)}`;
    log(`[peers] ${reason}`);
    return workloads.flatMap((w) => (['tfjs', 'jax'] as const).map((peer) => ({ workload: w.id, peer, status: 'failed' as const, reason })));
  }
  const api: PeersApi = {
    init: () => page.evaluate(() => window.bigstepPeers!.init()),
    run: (peer, problem, agree, steps, runs, target) =>
      page.evaluate((p: PeerName, pr: PeerProblem, a: number, s: number, n: number, t: number) => window.bigstepPeers!.run(p, pr, a, s, n, t), peer, problem, agree, steps, runs, target).catch((err: unknown) => {
        throw new Error(cleanError(err));
      }),
  };
  try {
    return await comparePeers(workloads, () => new RemoteGpuEngine(session), api, data, opts, log);
  } finally {
    await page.close().catch(() => undefined);
  }
}
