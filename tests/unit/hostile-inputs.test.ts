// Hostile and mistaken inputs through the CLI, as a user or an adversary gives them: each must end
// with one line naming what is wrong and exit 2 (or a correct run), write nothing where it must not,
// and start no work it cannot finish.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/core/data/idx';
import { loadDataset } from '../../src/core/data/load';
import { DataError } from '../../src/core/config-error';
import { nodeDataIO } from '../../src/node/data-io';
import { cli, cliAsync, readResults, tmpDir, type CliResult } from '../cli-runner';
import { writeReliabilitySection, type ReliabilityRow } from '../reliability-log';

const rows: ReliabilityRow[] = [];

/** Exit 2, and stderr one line starting "bigstep: " that matches `why`, with no stack trace. */
function expectOneLine(r: CliResult, why: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^bigstep: /);
  expect(lines[0]).toMatch(why);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

function writeConfig(dir: string, config: unknown): string {
  const file = path.join(dir, 'c.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

describe('configs', () => {
  it('a config named "../x" run without --out writes only under results/', () => {
    const cwd = tmpDir();
    const file = writeConfig(cwd, { name: '../../x', data: { kind: 'toy' }, etas: [1], steps: 5 });
    const r = cli(['sweep', '--config', file, '--quiet', '--no-png'], 120_000, { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(['c.json', 'results']);
    expect(readdirSync(path.join(cwd, 'results'))).toEqual(['.._.._x']);
    expect(readResults(path.join(cwd, 'results', '.._.._x')).status).toBe('done');
    expect(existsSync(path.join(path.dirname(cwd), 'x'))).toBe(false);
    rows.push({ tried: 'config name "../../x" without --out', cases: 1, outcome: 'written to results/.._.._x; nothing outside results/' });
  }, 120_000);

  it('a config nested 5,000 levels deep ends with one line and exit 2', () => {
    const dir = tmpDir();
    const file = writeConfig(dir, `{"data":{"kind":"toy"},"etas":[1],"steps":5,"record":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expectOneLine(cli(['sweep', '--config', file, '--out', path.join(dir, 'o')]), /nested at most 64 levels deep/);
    rows.push({ tried: 'config nested 5,000 levels deep', cases: 1, outcome: 'one line, exit 2' });
  }, 120_000);

  it('an NTK config with m = 10^5 and 1,024 η on the CPU is refused before any work, naming the memory it needs', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'o');
    const file = writeConfig(dir, { data: { kind: 'mnist', digits: [0, 8], n: 1000 }, model: { kind: 'ntk', width: 100_000 }, etas: { start: 0.1, stop: 100, count: 1024 }, steps: 100 });
    const r = cli(['sweep', '--config', file, '--out', out]);
    expectOneLine(r, /1024 η × 78,400,000 parameters.* needs about [\d.]+ TB of memory on the cpu engine; the limit is [\d.]+ [GT]B/);
    expect(existsSync(out)).toBe(false);
    // And --max-memory moves the limit: 2,000 × 200 synthetic data alone is over 1 MB.
    const small = writeConfig(dir, { data: { kind: 'synthetic', n: 2000, d: 200 }, etas: [1], steps: 5 });
    expectOneLine(cli(['sweep', '--config', small, '--max-memory', '1M', '--out', out]), /the limit is 1\.0 MB \(--max-memory\)/);
    rows.push({ tried: 'NTK m = 10^5 × 1,024 η on MNIST (CPU); 2,000 × 200 synthetic data under --max-memory 1M', cases: 2, outcome: 'refused before any work (no folder made), naming the memory needed and the limit' });
  }, 120_000);

  it('control bytes in a config are never echoed to the terminal', () => {
    const dir = tmpDir();
    const file = writeConfig(dir, { name: 'a\u001b[2Jb', data: { kind: 'csv', path: `/nonexistent/\u001b]0;pwned\u0007.csv`, labelColumn: 'y' }, etas: [1], steps: 5 });
    const r = cli(['sweep', '--config', file, '--out', path.join(dir, 'o')]);
    expectOneLine(r, /\\x1b\]0;pwned\\x07\.csv: file not found/);
    // eslint-disable-next-line no-control-regex
    expect(r.stderr + r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    rows.push({ tried: 'escape sequences in a config name and data path', cases: 1, outcome: 'shown as \\xNN, never sent to the terminal' });
  }, 120_000);
});

describe('output folders', () => {
  it('--out that is a file, under a file, /dev/null or /proc/x: one line and exit 2 each, before any work', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'afile');
    writeFileSync(file, 'x');
    const cases: [string, RegExp][] = [
      [file, /afile: is a file, not a folder/],
      [path.join(file, 'sub'), /a part of the path is a file, not a folder/],
      ['/dev/null', /\/dev\/null: is a device or other special file, not a folder/],
      ['/proc/x', /\/proc\/x: cannot make this folder/],
    ];
    const runs = await Promise.all(cases.map(([out]) => cliAsync(['sweep', '--preset', 'toy', '--steps', '5', '--no-png', '--out', out]).done));
    runs.forEach((r, i) => expectOneLine(r, cases[i][1]));
    expect(readFileSync(file, 'utf8')).toBe('x');
    rows.push({ tried: '--out a file, under a file, /dev/null, /proc/x', cases: cases.length, outcome: 'one line each, exit 2, nothing written' });
  }, 120_000);

  it('--out on a read-only file system: one line and exit 2', (ctx) => {
    const mount = tmpDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', mount], { stdio: 'pipe' });
    } catch (err) {
      ctx.skip(`cannot mount a read-only tmpfs here (${String((err as Error).message).split('\n')[0]}); needs root`);
      return;
    }
    try {
      expectOneLine(cli(['sweep', '--preset', 'toy', '--steps', '5', '--no-png', '--out', path.join(mount, 'o')]), /cannot make this folder: the file system is read-only/);
      rows.push({ tried: '--out on a read-only file system', cases: 1, outcome: 'one line, exit 2' });
    } finally {
      execFileSync('umount', [mount]);
    }
  }, 120_000);
});

describe('input files', () => {
  it('a CSV that is /dev/zero or a FIFO is refused unread, with one line', async () => {
    const dir = tmpDir();
    const fifo = path.join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const runs = await Promise.all(['/dev/zero', fifo].map((p) => cliAsync(['sweep', '--config', writeConfig(mkdirDir(dir, p), { data: { kind: 'csv', path: p, labelColumn: 'y' }, etas: [1], steps: 5 }), '--out', path.join(dir, 'o')]).done));
    expectOneLine(runs[0], /\/dev\/zero: is a device, not a regular file/);
    expectOneLine(runs[1], /pipe\.csv: is a pipe \(FIFO\), not a regular file/);
    rows.push({ tried: 'CSV path /dev/zero, a FIFO', cases: 2, outcome: 'refused unread, one line, exit 2 (no hang, no unbounded read)' });
  }, 120_000);

  it('IDX images with NaN, Infinity or zero-size images are refused', async () => {
    const dir = tmpDir();
    const labels = path.join(dir, 'labels.idx');
    writeFileSync(labels, encodeIdx([4], new Uint8Array([0, 1, 0, 1])));
    const cases: [string, Float32Array, number[], RegExp][] = [
      ['nan', new Float32Array([0, 1, NaN, 1, 0, 1, 1, 1]), [4, 2], /holds NaN/],
      ['inf', new Float32Array([0, 1, 1, 1, 0, -Infinity, 1, 1]), [4, 2], /holds -Infinity/],
      ['d0', new Float32Array(0), [4, 0], /images of size 0/],
    ];
    for (const [name, data, dims, why] of cases) {
      const images = path.join(dir, `${name}.idx`);
      writeFileSync(images, encodeIdx(dims, data));
      const err = await loadDataset({ kind: 'idx', images, labels, digits: [0, 1], n: 0, scaling: 'none', subsetSeed: 0 }, nodeDataIO).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).toMatch(why);
    }
    rows.push({ tried: 'IDX images holding NaN, -Infinity; images of size 0', cases: 3, outcome: 'refused with a DataError naming the image and value' });
  });

  it('run.json naming engine "tpu" is refused by --resume', () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ format: 'bigstep.invocation/1', config: { data: { kind: 'toy' }, etas: [1], steps: 5 }, engine: 'tpu' }));
    expectOneLine(cli(['sweep', '--resume', dir, '--no-png']), /run\.json is damaged: --engine: "tpu" is not allowed; expected cpu or gpu/);
    rows.push({ tried: 'run.json with engine "tpu"', cases: 1, outcome: 'one line, exit 2' });
  }, 120_000);
});

describe('merge of edited shards', () => {
  it('an edited shard index, edited values and shards of two engines are refused with one line each', () => {
    const base = tmpDir();
    const args = ['sweep', '--preset', 'toy', '--steps', '50', '--quiet', '--no-png'];
    expect(cli([...args, '--shard', '1/2', '--out', path.join(base, 's1')]).code).toBe(0);
    expect(cli([...args, '--shard', '2/2', '--out', path.join(base, 's2')]).code).toBe(0);
    const s1 = JSON.parse(readFileSync(path.join(base, 's1', 'results.json'), 'utf8'));
    const s2 = path.join(base, 's2', 'results.json');
    const edited = (name: string, edit: (r: typeof s1) => void) => {
      const r = structuredClone(s1);
      edit(r);
      const file = path.join(base, `${name}.json`);
      writeFileSync(file, JSON.stringify(r));
      return file;
    };
    const out = ['--out', path.join(base, 'm'), '--no-png'];
    // The index swapped, checksum dropped (as a hand edit would): the η are not shard 2's.
    expectOneLine(cli(['merge', edited('index', (r) => { r.shard.index = 2; delete r.checksum; }), s2, ...out]), /config\.etas: \[4,8\] is not allowed; expected the η of shard 2\/2/);
    // One loss changed, checksum kept: noticed.
    expectOneLine(cli(['merge', edited('value', (r) => (r.runs[0].series.loss[3] *= 1.0001)), s2, ...out]), /was changed after bigstep wrote it/);
    // A GPU shard beside a CPU one.
    expectOneLine(cli(['merge', edited('gpu', (r) => { r.engine = { kind: 'gpu', name: 'WebGPU', precision: 'float32' }; delete r.checksum; }), s2, ...out]), /shards from different engines/);
    expect(existsSync(path.join(base, 'm', 'results.json'))).toBe(false);
    rows.push({ tried: 'merge: shard index edited, a value edited, a GPU and a CPU shard', cases: 3, outcome: 'one line each, exit 2, nothing written' });
  }, 120_000);
});

function mkdirDir(base: string, key: string): string {
  const dir = path.join(base, key.replace(/\W/g, '_'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

afterAll(() => {
  if (rows.length > 0) writeReliabilitySection('hostile-inputs', 'Hostile inputs through the CLI', rows, 'tests/unit/hostile-inputs.test.ts');
});
