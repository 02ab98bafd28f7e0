// The peers in headless Chrome: TensorFlow.js and jax-js are bundled (esbuild) into a page served by
// the same Vite server as bigstep's host page and opened in the same browser. On WebGPU bigstep runs
// through RemoteGpuEngine on its host page (same adapter, same run); on the CPU its fast engine runs
// in Node against the peers' CPU backends on the same machine (compare-cpu.ts).

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'puppeteer-core';
import type { Dataset } from '../../src/core/data/dataset';
import { cleanError, type BrowserSession } from '../../src/node/browser';
import { FastCpuEngine } from '../../src/cpu/fast/fast-engine';
import { nodePlatform } from '../../src/cpu/fast/node-threads';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import type { PeerRow } from '../report';
import type { Workload } from '../workloads';
import { comparePeers } from './compare';
import { compareCpuPeers, cpuPeerWorkloads, type CpuEngineEntry } from './compare-cpu';
import { peerWorkloads } from './problem';
import { CPU_PEERS, GPU_PEERS, type PeerName, type PeerProblem, type PeersApi } from './wire';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = 'results/bench/peers';

/** bigstep's CPU engines in the CPU comparison (the bench's CPU rows of the same names). */
export const CPU_ENGINES: CpuEngineEntry[] = [
  { id: 'cpu-fast', make: () => new FastCpuEngine(nodePlatform) },
  { id: 'cpu-fast-f32', make: () => new FastCpuEngine(nodePlatform, { precision: 'float32' }) },
];

export interface PeerOptions {
  quick: boolean;
  runs: number;
  only: RegExp | null;
  /** Skip the GPU comparison (the CPU one still runs). */
  cpuOnly?: boolean;
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
  const pick = (ws: Workload[]): Workload[] => ws.filter((w) => !opts.only || opts.only.test(w.id));
  const workloads = opts.cpuOnly ? [] : pick(peerWorkloads(opts.quick));
  const cpuWorkloads = pick(cpuPeerWorkloads(opts.quick));
  if (workloads.length === 0 && cpuWorkloads.length === 0) return [];
  let page: Page;
  try {
    page = await openPeersPage(session);
  } catch (err) {
    const reason = `the peers page did not load: ${cleanError(err)}`;
    log(`[peers] ${reason}`);
    const failed = (ws: Workload[], peers: PeerName[], bigstep: string): PeerRow[] => ws.flatMap((w) => peers.map((peer) => ({ workload: w.id, bigstep, peer, status: 'failed' as const, reason })));
    return [...failed(workloads, GPU_PEERS, 'gpu'), ...CPU_ENGINES.flatMap((e) => failed(cpuWorkloads, CPU_PEERS, e.id))];
  }
  const api: PeersApi = {
    init: (peers) => page.evaluate((ps: PeerName[]) => window.bigstepPeers!.init(ps), peers),
    run: (peer, problem, agree, steps, runs, target) =>
      page.evaluate((p: PeerName, pr: PeerProblem, a: number, s: number, n: number, t: number) => window.bigstepPeers!.run(p, pr, a, s, n, t), peer, problem, agree, steps, runs, target).catch((err: unknown) => {
        throw new Error(cleanError(err));
      }),
  };
  try {
    const gpu = workloads.length > 0 ? await comparePeers(workloads, () => new RemoteGpuEngine(session), api, data, opts, log) : [];
    const cpu = await compareCpuPeers(cpuWorkloads, CPU_ENGINES, api, data, opts, log);
    return [...gpu, ...cpu];
  } finally {
    await page.close().catch(() => undefined);
  }
}
