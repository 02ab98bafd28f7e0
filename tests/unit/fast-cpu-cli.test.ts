// `bigstep sweep --engine cpu` (the fast CPU engine) gives the same results, bit for bit, from run
// to run and with 1 or 2 threads (BIGSTEP_CPU_THREADS).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/core/results';
import { root, tmpDir } from '../cli-runner';

function sweep(configFile: string, threads: string) {
  const out = tmpDir();
  const main = path.join(root, 'src', 'cli', 'main.ts');
  const args = ['--import', 'tsx', main, 'sweep', '--config', configFile, '--engine', 'cpu', '--out', out, '--quiet', '--no-png'];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, BIGSTEP_CPU_THREADS: threads } });
  return { ...r, results: r.status === 0 ? (JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results) : null };
}

describe('bigstep sweep --engine cpu', () => {
  const file = path.join(tmpDir(), 'config.json');
  const data = { kind: 'mnist', digits: [0, 8], n: 40, split: 'test', scaling: 'pixel', subsetSeed: 0 };
  writeFileSync(file, JSON.stringify({ data, etas: [1, 10, 100], steps: 60, metrics: ['loss', 'gradNorm', 'accuracy'] }));

  it('is bit-stable from run to run and across thread counts', { timeout: 150_000 }, () => {
    const [a, b, c] = ['1', '2', '2'].map((threads) => sweep(file, threads));
    for (const r of [a, b, c]) expect(r.status, r.stderr).toBe(0);
    expect(a.stderr).toMatch(/engine: float64 wasm-simd \(1 thread,/);
    expect(b.stderr).toMatch(/engine: float64 wasm-simd \(2 threads,/);
    expect(b.results!.runs).toEqual(a.results!.runs);
    expect(c.results!.runs).toEqual(b.results!.runs);
  });

  it('refuses a bad BIGSTEP_CPU_THREADS with one line and exit code 2', () => {
    const r = sweep(file, 'many');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('bigstep: BIGSTEP_CPU_THREADS: "many" is not a thread count (an integer >= 1)');
  });
});
