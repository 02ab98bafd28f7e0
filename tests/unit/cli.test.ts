// The command line, run as a user runs it (a child process), checking exit codes, messages and files.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/core/results';
import { cli as runCli, cliAsync, interruptWhen, tmpDir } from '../cli-runner';

const cli = (...args: string[]) => runCli(args);
const tmp = tmpDir;

describe('bigstep CLI', () => {
  it('runs the toy preset, prints one row per η and writes results.json', () => {
    const out = tmp();
    // PNGs on: they come from the dashboard's chart code in headless Chrome.
    const r = cli('sweep', '--preset', 'toy', '--steps', '4096', '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/eta\s+status\s+transition\s+monotone\s+increases\s+final loss\s+late slope\s+eta\*t\*L/);
    expect(lines).toHaveLength(5);
    const res = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(res.format).toBe('bigstep.results/1');
    expect(res.status).toBe('done');
    expect(res.config.steps).toBe(4096);
    expect(res.engine.kind).toBe('cpu');
    expect(res.runs.map((x) => x.eta)).toEqual([4, 8, 16, 32]);
    for (const panel of ['loss', 'etatl', 'sharpness', 'dist', 'accuracy', 'finalLoss']) {
      const png = readFileSync(path.join(out, `${panel}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(5000);
    }
    for (const run of res.runs) {
      expect(run.series.step.slice(0, 3)).toEqual([0, 1, 2]);
      expect(run.series.step.at(-1)).toBe(4096);
      for (const m of res.config.metrics) expect(run.series[m]).toHaveLength(run.series.step.length);
    }
  });

  it('runs a config file', () => {
    const dir = tmp();
    const file = path.join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ name: 'mine', data: { kind: 'synthetic', n: 30, d: 4, margin: 0.2 }, etas: [1, 10], steps: 64 }));
    const r = cli('sweep', '--config', file, '--out', path.join(dir, 'o'), '--quiet', '--no-png');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'o', 'results.json'))).toBe(true);
  });

  it.each([
    [['sweep', '--preset', 'toy', '--bogus'], /Unknown option '--bogus'/],
    [['sweep'], /exactly one of --preset NAME or --config FILE/],
    [['sweep', '--preset', 'nope'], /"nope" is not a preset; expected one of toy, mnist08/],
    [['sweep', '--preset', 'toy', '--steps', '0'], /--steps: "0" is not allowed/],
    [['sweep', '--preset', 'toy', '--steps', 'abc'], /--steps: "abc" is not allowed/],
    [['sweep', '--preset', 'toy', '--engine', 'tpu'], /--engine: "tpu" is not allowed/],
    [['sweep', '--preset', 'toy', '--engine', 'gpu', '--max-gpu-memory', 'lots'], /^bigstep: --max-gpu-memory: "lots" is not allowed; expected a size of at least 64\.0 kB, e\.g\. 2G, 512M or 4000000 \(bytes\)\n$/],
    [['sweep', '--preset', 'toy', '--engine', 'gpu', '--max-gpu-memory', '1000'], /^bigstep: --max-gpu-memory: "1000" is not allowed; expected a size of at least 64\.0 kB/],
    [['sweep', '--preset', 'toy', '--max-gpu-memory', '2G'], /^bigstep: --max-gpu-memory applies to --engine gpu only\n$/],
    [['sweep', '--config', '/nonexistent/c.json'], /cannot read "\/nonexistent\/c.json"/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['merge', '--out', '/tmp/x'], /give the shard results files/],
    [['sweep', '--preset', 'toy', '--shard', '0/2'], /--shard: "0\/2" is not allowed/],
    [['sweep', '--config', 'x.json', '--quick'], /--quick applies to presets only/],
  ])('rejects %j with a clear message and exit code 2', (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('names the bad field of a config file', () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ data: { kind: 'toy' }, etas: [-1], steps: 10 }));
    const r = cli('sweep', '--config', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/etas\[0\]: -1 is not allowed/);
  });

  it('prints help and the presets', () => {
    expect(cli('sweep', '--help').stdout).toMatch(/Usage: bigstep sweep/);
    const p = cli('presets');
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/^toy: /m);
    expect(p.stdout).toMatch(/^mnist08: /m);
    expect(p.stdout).toMatch(/^sgd: Claim 7: online SGD/m);
    expect(p.stdout).toMatch(/^lower-bound: The two-point lower-bound set/m);
  });

  it('on SIGINT writes a valid results file marked cancelled', async () => {
    const out = tmp();
    // Interrupt once the first steps are done: the first progress line (steps/s) comes after the
    // first chunk, however long loading the data and starting the engine took on a busy machine.
    const run = cliAsync(['sweep', '--preset', 'mnist08', '--steps', '100000', '--out', out, '--no-png']);
    const { code } = await interruptWhen(run, 'steps/s', 200);
    expect(code).toBe(130);
    const res = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(res.status).toBe('cancelled');
    expect(res.stepsDone).toBeGreaterThan(0);
    expect(res.stepsDone).toBeLessThan(100000);
    for (const run of res.runs) {
      expect(run.status).toBe('cancelled');
      expect(run.series.step.length).toBeGreaterThan(0);
    }
  });
});
