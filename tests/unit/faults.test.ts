// Fault tests of the CLI on the CPU engine: the sweep is killed (SIGKILL, SIGTERM, SIGINT, twice
// SIGINT) at random moments and at every step of a checkpoint write (BIGSTEP_FAULT_AT, see
// src/node/fault-points.ts), then resumed with --resume; each must end bit for bit as one run that was
// never interrupted. Checkpoints with a flipped byte are refused with one line (or passed over for the
// previous good one), and a full disk (a small tmpfs) loses nothing.

import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/core/results';
import { cli, cliAsync, comparable, readResults, tmpDir, type CliResult } from '../cli-runner';
import { Gen } from '../fuzz/generators';
import { writeReliabilitySection, type ReliabilityRow } from '../reliability-log';

/**
 * The toy sweep, about two seconds long on the machine running the tests: long enough for the
 * signals (at most 0.75 s after the data line) to land mid-way and for several periodic
 * checkpoints, short enough to repeat. A fixed step count is not: 100,000 steps took a second on
 * one day and 0.2 s on the next (the WebAssembly engine at 540,000 steps/s), when the sweeps ended
 * before their signals and third checkpoint.
 */
const sweepArgs = (steps: number): string[] => ['sweep', '--preset', 'toy', '--steps', String(steps), '--quiet', '--no-png'];
const MIN_STEPS = 100_000;
const TARGET_SECONDS = 2;
let SWEEP = sweepArgs(MIN_STEPS);
const rows: ReliabilityRow[] = [];
let whole: Results;
let wholeCsv: string;

/** Runs the sweep to its end (no signals, no checkpoints) and keeps it as the reference. */
function runWhole(): void {
  const dir = tmpDir();
  const r = cli([...SWEEP, '--out', dir]);
  expect(r.code, r.stderr).toBe(0);
  whole = readResults(dir);
  wholeCsv = readFileSync(path.join(dir, 'results.csv'), 'utf8');
}

beforeAll(() => {
  runWhole();
  // The step count that takes TARGET_SECONDS at the rate just measured (in 10,000s).
  const steps = Math.max(MIN_STEPS, 10_000 * Math.round((whole.timings.stepsPerSecond * TARGET_SECONDS) / 10_000));
  if (steps > MIN_STEPS) {
    SWEEP = sweepArgs(steps);
    runWhole();
  }
});

/** Resumes `dir` until done and checks the results equal the uninterrupted run's, bit for bit. */
function expectResumesExactly(dir: string): CliResult {
  const r = cli(['sweep', '--resume', dir, '--quiet', '--no-png']);
  expect(r.code, r.stderr).toBe(0);
  const res = readResults(dir);
  expect(res.status).toBe('done');
  expect(comparable(res)).toEqual(comparable(whole));
  expect(readFileSync(path.join(dir, 'results.csv'), 'utf8')).toBe(wholeCsv);
  expect(readdirSync(dir).filter((f) => f.includes('checkpoint'))).toEqual([]);
  return r;
}

/**
 * Starts the sweep and sends `signals` (one after another, `gapMs` apart) `delayMs` after its data
 * line, or after its first checkpoint is on disk when `afterCheckpoint` (a second signal quits
 * without saving, so it keeps the last periodic checkpoint: on a busy machine the first signal can
 * otherwise come before there is one, and there is then nothing to resume).
 */
async function interrupted(dir: string, signals: NodeJS.Signals[], delayMs: number, gapMs = 0, afterCheckpoint = false): Promise<CliResult> {
  const run = cliAsync([...SWEEP, '--out', dir, '--checkpoint-every', '0.1']);
  const ready = (): boolean => (afterCheckpoint ? existsSync(path.join(dir, 'checkpoint.json')) : run.stderr().includes('data:'));
  while (!ready()) {
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, delayMs));
  for (const s of signals) {
    run.child.kill(s);
    if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
  }
  return run.done;
}

describe('signals at random moments, then --resume', () => {
  const g = new Gen(15);
  const cases: [string, NodeJS.Signals[], number | null][] = [
    ['SIGTERM', ['SIGTERM'], 143],
    ['SIGINT', ['SIGINT'], 130],
    ['SIGKILL', ['SIGKILL'], null],
    ['SIGINT twice (quit at once)', ['SIGINT', 'SIGINT'], 130],
  ];
  for (const [name, signals, code] of cases) {
    it(`${name} at a random moment: exit ${code ?? 'killed'}, then --resume equals an uninterrupted run bit for bit`, async () => {
      const dir = tmpDir();
      const delay = 50 + g.below(700);
      // Signals sent together count as one (a wrapper passing Ctrl-C on); a second one 0.7 s later quits.
      const r = await interrupted(dir, signals, delay, 700, signals.length > 1);
      // A sweep that finished before the signal came is fine too (exit 0): nothing to resume then.
      if (r.code === 0) return;
      // Nor one whose signal landed after the sweep had finished and let go of its handlers, on its
      // way out: the results are complete, and the signal ended the exiting process itself.
      if (r.code === null && !signals.includes('SIGKILL') && existsSync(path.join(dir, 'results.json')) && readResults(dir).status === 'done') return;
      // A second Ctrl-C that lands after the first one's save, while the process is already exiting
      // (its handlers gone), ends it by SIGINT itself: the shell shows 130 either way.
      if (signals.length > 1) expect([code, null]).toContain(r.code);
      else expect(r.code).toBe(code);
      if (code === 143 || (code === 130 && signals.length === 1)) {
        const partial = readResults(dir);
        expect(partial.status).toBe('cancelled');
        expect(existsSync(path.join(dir, 'checkpoint.json'))).toBe(true);
        expect(r.stderr).toMatch(new RegExp(`${signals[0]}: finishing the current chunk`));
      }
      expectResumesExactly(dir);
      rows.push({ tried: `${name} after ${delay} ms, then --resume`, cases: 1, outcome: `exit ${code ?? '(killed)'}; resumed to the uninterrupted run's results, bit for bit` });
    }, 120_000);
  }
});

describe('killed inside a checkpoint write (BIGSTEP_FAULT_AT), then --resume', () => {
  // Every step of a save: a file's bytes written but not renamed, the new pair complete, the old pair
  // half moved aside, the new pair half in place, all done.
  const points = ['write:5', 'checkpoint-next-json:2', 'checkpoint-prev-json:2', 'checkpoint-bin:2', 'checkpoint-next-bin:1'];
  for (const at of points) {
    it(`SIGKILL at ${at}: --resume equals an uninterrupted run bit for bit`, () => {
      const dir = tmpDir();
      const r = cli([...SWEEP, '--out', dir, '--checkpoint-every', '0.05'], 120_000, { env: { BIGSTEP_FAULT_AT: at } });
      expect(r.code).toBeNull(); // killed
      expectResumesExactly(dir);
      rows.push({ tried: `SIGKILL inside a checkpoint save at ${at}`, cases: 1, outcome: 'resumed from the newest complete checkpoint; results identical to the uninterrupted run' });
    }, 120_000);
  }

  it('SIGTERM arriving inside a checkpoint write: the save completes, then the sweep stops (143) and resumes exactly', () => {
    const dir = tmpDir();
    const r = cli([...SWEEP, '--out', dir, '--checkpoint-every', '0.05'], 120_000, { env: { BIGSTEP_FAULT_AT: 'write:3:SIGTERM' } });
    expect(r.code, r.stderr).toBe(143);
    expect(readResults(dir).status).toBe('cancelled');
    expectResumesExactly(dir);
    rows.push({ tried: 'SIGTERM inside a checkpoint write', cases: 1, outcome: 'exit 143 after the save; resumed bit for bit' });
  }, 120_000);
});

describe('damaged checkpoints', () => {
  /** A sweep stopped by SIGTERM with only its final checkpoint (no periodic ones, so no previous pair). */
  async function stoppedOnce(): Promise<string> {
    const dir = tmpDir();
    const run = cliAsync([...SWEEP, '--out', dir, '--checkpoint-every', '0']);
    while (!run.stderr().includes('data:')) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    run.child.kill('SIGTERM');
    expect((await run.done).code).toBe(143);
    return dir;
  }

  function flipByte(file: string, at: number): void {
    const bytes = readFileSync(file);
    bytes[at] ^= 0x01;
    writeFileSync(file, bytes);
  }

  it('one flipped byte in checkpoint.json or in checkpoint.bin is refused with one line and exit 2; the untouched copy resumes exactly', async () => {
    const dir = await stoppedOnce();
    for (const [file, at] of [['checkpoint.json', 400], ['checkpoint.bin', 40]] as const) {
      const copy = tmpDir();
      cpSync(dir, copy, { recursive: true });
      flipByte(path.join(copy, file), at);
      const r = cli(['sweep', '--resume', copy, '--quiet', '--no-png']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/cannot resume: .*(checksum|weights)/);
    }
    rows.push({ tried: 'one flipped byte in checkpoint.json or checkpoint.bin (no earlier checkpoint)', cases: 2, outcome: 'refused with one line, exit 2' });
    expect(readdirSync(dir).filter((f) => f.includes('checkpoint.'))).toEqual(['checkpoint.bin', 'checkpoint.json']);
    expectResumesExactly(dir);
  }, 120_000);

  it('a json and a bin from two different checkpoints, or a missing bin, are refused; with a previous good pair the sweep falls back to it', () => {
    const dir = tmpDir();
    // Killed in its third save, after the new pair was complete: current, previous and next pairs all on disk.
    const r = cli([...SWEEP, '--out', dir, '--checkpoint-every', '0.05'], 120_000, { env: { BIGSTEP_FAULT_AT: 'checkpoint-next-json:3' } });
    expect(r.code).toBeNull();
    const onlyJson = (name: string) => {
      const copy = tmpDir();
      writeFileSync(path.join(copy, 'run.json'), readFileSync(path.join(dir, 'run.json')));
      writeFileSync(path.join(copy, 'checkpoint.json'), readFileSync(path.join(dir, 'checkpoint.json')));
      if (name) writeFileSync(path.join(copy, 'checkpoint.bin'), readFileSync(path.join(dir, name)));
      return copy;
    };
    for (const [copy, why] of [[onlyJson('checkpoint.prev.bin'), /no checkpoint .bin file here has its checksum/], [onlyJson(''), /there is no checkpoint.bin/]] as const) {
      const refused = cli(['sweep', '--resume', copy, '--quiet', '--no-png']);
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(why);
    }
    // The newest pair damaged: passed over, named, and the previous pair used.
    flipByte(path.join(dir, 'checkpoint.next.bin'), 30);
    const fell = expectResumesExactly(dir);
    expect(fell.stderr).toMatch(/passed over a damaged checkpoint: .*checkpoint.next.json/);
    rows.push({ tried: 'json/bin pairs from different checkpoints, truncated bins, a damaged newest pair', cases: 3, outcome: 'refused with one line when no good pair is left; else the previous good pair resumed, bit for bit' });
  }, 120_000);
});

describe('a full disk (a 1.5 MB tmpfs) mid-sweep', () => {
  it('checkpoint writes that fail leave the previous one whole, the results write fails with one line, and nothing is lost', (ctx) => {
    const mount = tmpDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1500k', 'tmpfs', mount], { stdio: 'pipe' });
    } catch (err) {
      ctx.skip(`cannot mount a tmpfs here (${String((err as Error).message).split('\n')[0]}); needs root`);
      return;
    }
    try {
      const dir = path.join(mount, 'out');
      const r = cli([...SWEEP, '--out', dir, '--checkpoint-every', '0.05']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no space left on the device/);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('bigstep:'))).toHaveLength(1);
      // Never a truncated results.json: either none or a whole one.
      if (existsSync(path.join(dir, 'results.json'))) readResults(dir);
      const moved = tmpDir();
      mkdirSync(moved, { recursive: true });
      cpSync(dir, moved, { recursive: true });
      expectResumesExactly(moved);
      rows.push({ tried: 'disk full (tmpfs of 1.5 MB) mid-sweep, then the folder moved to a roomy disk and --resume', cases: 1, outcome: `exit 2 with one line; ${(r.stderr.match(/checkpoint not written/g) ?? []).length} checkpoint writes refused, the previous checkpoint whole; resumed bit for bit` });
    } finally {
      execFileSync('umount', [mount]);
    }
  }, 120_000);
});

afterAll(() => {
  if (rows.length > 0) writeReliabilitySection('faults-cpu', 'Faults: kills, signals, damaged checkpoints and a full disk (CPU engine)', rows, 'tests/unit/faults.test.ts');
});
