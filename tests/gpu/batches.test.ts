// Sweeps batched to fit GPU memory: with the planner's budget forced to hold 4 runs, a sweep of 16 η
// runs in 4 consecutive batches (through runExperiment, as the CLI and the dashboard run it) and
// agrees with the one-batch sweep to fp32 rounding; a budget that holds no run is refused with the
// planner's reason; the CLI's --max-gpu-memory batches the same way (its bad values: tests/unit/cli.test.ts).

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/core/results';
import type { MemoryPlan } from '../../src/gpu/memory-plan';
import type { BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import { remoteGpuBackend } from '../../src/node/remote-gpu-backend';
import { DataCache, runExperiment } from '../../src/sweep/run-experiment';
import { nodeDataIO } from '../../src/node/data-io';
import { cliAsync, readResults, tmpDir } from '../cli-runner';
import { config, launch } from './helpers';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

// The linear model splits its gradient sum into chunks whose count depends on the batch's size
// (memory-plan.ts, linearChunks), so batches of 4 and of 16 really round differently.
const raw = { name: 'batches', data: { kind: 'synthetic', n: 48, d: 12, margin: 0.05, seed: 4 }, etas: { start: 0.5, stop: 16, count: 16 }, steps: 60, metrics: ['loss', 'gradNorm'] };
const cfg = config(raw);

/** The plan's total for the first `K` η of the sweep, as the page's engine makes it. */
async function planBytes(K: number): Promise<number> {
  const e = new RemoteGpuEngine(session);
  try {
    const data = await new DataCache(nodeDataIO).get(cfg);
    await e.init({ config: { ...cfg, etas: cfg.etas.slice(0, K) }, data });
    return ((await e.plan()) as MemoryPlan).totalBytes;
  } finally {
    await e.dispose();
  }
}

async function sweep(budgetBytes?: number): Promise<{ results: Results; batches: Set<string> }> {
  const batches = new Set<string>();
  const [part] = await runExperiment(cfg, {
    backend: remoteGpuBackend(session, budgetBytes !== undefined ? { budgetBytes } : {}),
    data: new DataCache(nodeDataIO),
    onProgress: (p) => batches.add(`${p.batch + 1}/${p.batches}`),
  });
  return { results: part.results, batches };
}

describe('η batches that fit GPU memory', () => {
  it('a budget that holds 4 runs takes 16 η in 4 batches, within 1e-6 relative of one batch', async () => {
    const budget = await planBytes(4);
    expect(await planBytes(5)).toBeGreaterThan(budget);
    const split = await sweep(budget);
    const one = await sweep();
    expect([...split.batches]).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect([...one.batches]).toEqual(['1/1']);
    let worst = 0;
    split.results.runs.forEach((run, k) => {
      const ref = one.results.runs[k];
      expect(run.status).toBe(ref.status);
      expect(run.series.step).toEqual(ref.series.step);
      run.series.loss!.forEach((v, i) => (worst = Math.max(worst, Math.abs(v! / ref.series.loss![i]! - 1))));
    });
    expect(worst).toBeLessThan(1e-6);
    console.log(`16 η in 4 batches against one batch: largest relative loss difference ${worst.toExponential(2)}`);
    // A budget that holds not one run is refused with the planner's reason (one line and exit 2 on the CLI).
    await expect(sweep(64_000)).rejects.toThrow(/^not even one run of this sweep fits the GPU engine's memory: .*above the budget of 62\.5 KiB$/);
  }, 240_000);

  it('bigstep sweep --max-gpu-memory runs the sweep in 4 batches', async () => {
    const budget = await planBytes(4);
    const dir = tmpDir();
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(raw));
    const out = path.join(dir, 'out');
    const r = await cliAsync(['sweep', '--config', file, '--engine', 'gpu', '--max-gpu-memory', String(budget), '--out', out, '--no-png']).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/batch 4\/4/);
    expect(readResults(out).runs.map((run) => run.status)).toEqual(new Array(16).fill('done'));
  }, 240_000);
});
