// The sweep scheduler and CLI features of the sweeps issue, on the CPU engine: the toy figure,
// shards and merge, studies, cadence vs every-step analysis, pause/resume, batches, the schema.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateResults } from '../../src/core/results-schema';
import { resultsToCsv } from '../../src/core/results-csv';
import { toyData } from '../../src/core/data/toy';
import { CpuEngine } from '../../src/cpu/reference-engine';
import type { Results } from '../../src/core/results';
import type { SweepCheckpoint } from '../../src/sweep/checkpoint';
import { SweepControl } from '../../src/sweep/control';
import { runSweep } from '../../src/sweep/run-sweep';
import { cli, cliAsync, comparable, interruptWhen, readResults, tmpDir } from '../cli-runner';
import { config, smallData } from './helpers';

// Every preset at --quick through the CLI (valid results and CSV, and its claim): preset-science.test.ts.

describe('toy preset at 2^20 steps on the CPU (Figure 1)', async () => {
  const out = tmpDir();
  const r = cli(['sweep', '--preset', 'toy', '--out', out, '--quiet', '--no-png']);
  const res = r.code === 0 ? readResults(out) : null;

  it('runs', () => expect(r.code, r.stderr).toBe(0));
  it('loss increases only in the first steps for η >= 8; late slope in [-1.1, -0.9]; η·t·L within 15% of 25', () => {
    for (const run of res!.runs) {
      if (run.eta >= 8) {
        expect(run.summary.lossIncreases).toBeGreaterThan(0);
        expect(run.summary.lastIncreaseStep!).toBeLessThan(32);
      }
      expect(run.summary.lateSlope!).toBeGreaterThanOrEqual(-1.1);
      expect(run.summary.lateSlope!).toBeLessThanOrEqual(-0.9);
      expect(Math.abs(run.summary.etaTLoss! / 25 - 1)).toBeLessThan(0.15);
    }
  });
  it('keeps under 2000 recorded points per η, and the phase transition from them equals the every-step one', () => {
    for (const run of res!.runs) {
      expect(run.series.step.length).toBeLessThan(2000);
      // Re-derive from the recorded series alone (dense early, so the transition is among them).
      const firstBelow = run.series.step.find((_, i) => run.series.loss![i]! <= 1 / run.eta);
      expect(firstBelow).toBe(run.summary.phaseTransitionStep);
    }
  });
});

describe('shards and merge', () => {
  it('--shard 1/2 and 2/2, merged, give the same runs as the unsharded sweep', () => {
    const base = tmpDir();
    const args = ['sweep', '--preset', 'toy', '--steps', '3000', '--quiet', '--no-png'];
    expect(cli([...args, '--out', path.join(base, 'all')]).code).toBe(0);
    expect(cli([...args, '--shard', '1/2', '--out', path.join(base, 's1')]).code).toBe(0);
    expect(cli([...args, '--shard', '2/2', '--out', path.join(base, 's2')]).code).toBe(0);
    const s1 = readResults(path.join(base, 's1'));
    expect(s1.runs.map((r) => r.eta)).toEqual([4, 8]);
    expect(s1.shard).toEqual({ index: 1, count: 2, etas: [4, 8, 16, 32] });
    const m = cli(['merge', path.join(base, 's2', 'results.json'), path.join(base, 's1', 'results.json'), '--out', path.join(base, 'm'), '--no-png']);
    expect(m.code, m.stderr).toBe(0);
    const merged = readResults(path.join(base, 'm'));
    expect(merged.shard).toBeUndefined();
    expect(comparable(merged)).toEqual(comparable(readResults(path.join(base, 'all'))));
  });

  it('refuses a missing shard, a repeated one, and a bad --shard', () => {
    const base = tmpDir();
    const args = ['sweep', '--preset', 'toy', '--steps', '100', '--quiet', '--no-png'];
    cli([...args, '--shard', '1/3', '--out', path.join(base, 'a')]);
    const one = path.join(base, 'a', 'results.json');
    expect(cli(['merge', one, '--out', path.join(base, 'm'), '--no-png']).stderr).toMatch(/missing shard\(s\) 2, 3/);
    expect(cli(['merge', one, one, '--out', path.join(base, 'm'), '--no-png']).stderr).toMatch(/a shard not already given/);
    expect(cli([...args, '--shard', '3/2']).stderr).toMatch(/--shard: "3\/2" is not allowed/);
    expect(cli([...args, '--shard', '5/5']).stderr).toMatch(/only 4 stepsizes/);
  });
});

describe('scheduler', () => {
  const cfg = config({ model: { kind: 'ntk', width: 5 }, etas: [0.3, 1, 3, 9, 27], steps: 300, metrics: ['loss', 'distFromInit'] });

  it('splitting the η list into batches gives the same runs', async () => {
    const data = smallData();
    const whole = await runSweep(new CpuEngine(), { config: cfg, data });
    const progress: number[] = [];
    const split = await runSweep(new CpuEngine(), { config: cfg, data }, { maxEtasPerBatch: 2, onProgress: (p) => progress.push(p.batch) });
    expect(split.runs).toEqual(whole.runs);
    expect(new Set(progress)).toEqual(new Set([0, 1, 2]));
  });

  it('a sweep stopped in its second batch resumes under another batch size and equals one batch; partial results stream meanwhile', async () => {
    const data = smallData();
    const whole = await runSweep(new CpuEngine(), { config: cfg, data });
    const control = new SweepControl();
    let saved: SweepCheckpoint | undefined;
    const partials: Results[] = [];
    const stopped = await runSweep(new CpuEngine(), { config: cfg, data }, {
      control,
      chunkSteps: 10,
      maxEtasPerBatch: 2,
      partialEveryMs: 0,
      onPartial: (r) => partials.push(r),
      onProgress: (p) => p.batch === 1 && p.stepsDone >= 100 && control.cancel(),
      onCheckpoint: async (cp) => void (saved = cp),
    });
    expect(stopped.status).toBe('cancelled');
    expect(saved!.batch).toBe(1);
    expect(saved!.completed).toHaveLength(2);
    // Partial results: every run of the sweep each time, the finished batch's as they ended.
    expect(partials.every((r) => r.runs.length === 5 && r.status === 'cancelled')).toBe(true);
    expect(partials.at(-1)!.runs.slice(0, 2)).toEqual(whole.runs.slice(0, 2));
    expect(partials.at(-1)!.runs[2].series.step.length).toBeGreaterThan(0);
    const progress: string[] = [];
    const resumed = await runSweep(new CpuEngine(), { config: cfg, data }, { resume: saved, maxEtasPerBatch: 3, onProgress: (p) => progress.push(`${p.batch}/${p.batches}`) });
    expect(new Set(progress)).toEqual(new Set(['1/3', '2/3'])); // the checkpointed batch (η 3, 4), then η 5
    expect(resumed.runs).toEqual(whole.runs);
  });

  it('pauses (no progress while paused), resumes, and ends as an uninterrupted run', async () => {
    const data = smallData();
    const control = new SweepControl();
    let calls = 0;
    const run = runSweep(new CpuEngine(), { config: cfg, data }, { control, chunkSteps: 10, onProgress: () => calls++ });
    while (calls < 3) await new Promise((r) => setTimeout(r, 5));
    control.pause();
    await new Promise((r) => setTimeout(r, 50));
    const atPause = calls;
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBeLessThanOrEqual(atPause + 1);
    control.resume();
    const res = await run;
    expect(res.status).toBe('done');
    expect(res.runs).toEqual((await runSweep(new CpuEngine(), { config: cfg, data })).runs);
  });

  it('cancel keeps what was recorded and marks the runs cancelled', async () => {
    const control = new SweepControl();
    let calls = 0;
    const res = await runSweep(new CpuEngine(), { config: cfg, data: smallData() }, {
      control,
      chunkSteps: 10,
      onProgress: () => ++calls === 2 && control.cancel(),
    });
    expect(res.status).toBe('cancelled');
    expect(res.stepsDone).toBe(20);
    for (const r of res.runs) {
      expect(r.status).toBe('cancelled');
      expect(r.series.step.at(-1)).toBe(20);
    }
    validateResults(JSON.parse(JSON.stringify(res)));
  });

  it('reports per-η status and a diverged η in progress', async () => {
    const seen: string[][] = [];
    await runSweep(new CpuEngine(), { config: config({ loss: { kind: 'exponential' }, etas: [0.1, 1e6], steps: 50 }), data: smallData(20, 4, 5) }, {
      chunkSteps: 10,
      onProgress: (p) => seen.push(p.runs.map((r) => r.status)),
    });
    expect(seen.at(-1)).toEqual(['running', 'diverged']);
  });
});

describe('results schema and CSV', () => {
  it('accepts real results and names the first bad field of broken ones', async () => {
    const res = JSON.parse(JSON.stringify(await runSweep(new CpuEngine(), { config: config({ etas: [4, 8], steps: 20 }), data: toyData() })));
    expect(validateResults(res)).toBe(res);
    const broken = structuredClone(res);
    broken.runs[1].series.loss[3] = 'NaN';
    expect(() => validateResults(broken)).toThrow(/runs\[1\]\.series\.loss\[3\]/);
    const short = structuredClone(res);
    short.runs[0].series.accuracy.pop();
    expect(() => validateResults(short)).toThrow(/runs\[0\]\.series\.accuracy/);
    expect(() => validateResults({ ...res, format: 'x' })).toThrow(/format/);
  });

  it('writes a tidy CSV with empty cells for missing values', async () => {
    const res = await runSweep(new CpuEngine(), { config: config({ etas: [1], steps: 3, metrics: ['loss', 'margin'] }), data: toyData() });
    const lines = resultsToCsv(res).trim().split('\n');
    expect(lines[0]).toBe('eta,status,step,loss,margin');
    // w_0 = 0 has no normalized margin: an empty cell (NaN in pandas), never "NaN" or "null".
    expect(lines[1]).toMatch(/^1,done,0,0\.693147\d*,$/);
    expect(lines).toHaveLength(5);
  });
});

describe('checkpoints and --resume', () => {
  it('a sweep stopped by Ctrl-C and resumed with --resume equals an uninterrupted one', async () => {
    const base = tmpDir();
    const args = ['sweep', '--preset', 'toy', '--steps', '1000000', '--quiet', '--no-png'];
    expect(cli([...args, '--out', path.join(base, 'whole')]).code).toBe(0);
    const dir = path.join(base, 'stopped');
    const stopped = await interruptWhen(cliAsync([...args, '--out', dir, '--checkpoint-every', '0']), 'data:', 300);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/continue with: bigstep sweep --resume/);
    const partial = readResults(dir);
    expect(partial.status).toBe('cancelled');
    expect(existsSync(path.join(dir, 'checkpoint.json'))).toBe(true);
    const resumed = cli(['sweep', '--resume', dir, '--quiet', '--no-png']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming at step \d+/);
    const res = readResults(dir);
    expect(res.status).toBe('done');
    expect(comparable(res)).toEqual(comparable(readResults(path.join(base, 'whole'))));
    // A finished sweep leaves no checkpoint behind.
    expect(existsSync(path.join(dir, 'checkpoint.json'))).toBe(false);
  });

  it('refuses --resume of a folder that holds no sweep, and flags that would change the sweep', () => {
    const empty = tmpDir();
    expect(cli(['sweep', '--resume', empty]).stderr).toMatch(/run.json not found/);
    expect(cli(['sweep', '--resume', empty, '--steps', '5']).stderr).toMatch(/--steps cannot be given with it/);
  });
});
