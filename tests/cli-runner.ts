// Runs the bigstep CLI as a user does (a child process: `node --import tsx src/cli/main.ts …`) and
// reads back what it wrote. Shared by the unit (CPU) and GPU test suites.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Results } from '../src/core/results';
import { validateResults } from '../src/core/results-schema';

export const root = path.resolve(__dirname, '..');
const main = path.join(root, 'src', 'cli', 'main.ts');
/** tsx's loader by absolute URL, so the CLI also starts from another working folder. */
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Where the CLI runs (default: the repository root) and extra environment (e.g. BIGSTEP_FAULT_AT). */
export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
}

const spawnOptions = (o: CliOptions) => ({ cwd: o.cwd ?? root, env: { ...process.env, ...o.env } });

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI to its end. The time-out (default 300 s, above 3× any CLI run of `npm test` on two
 * busy cores) is the only one that applies: the call blocks, so Vitest's own cannot fire meanwhile.
 */
export function cli(args: string[], timeoutMs = 300_000, opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', tsx, main, ...args], { ...spawnOptions(opts), encoding: 'utf8', timeout: timeoutMs });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const stderr = timedOut ? `${r.stderr}\n[test] bigstep ${args.join(' ')} killed after its ${timeoutMs / 1000} s time-out` : r.stderr;
  return { code: r.status, stdout: r.stdout, stderr };
}

/** The same, without blocking the test process (for long GPU runs and for signals). */
export function cliAsync(args: string[], opts: CliOptions = {}) {
  const child = spawn(process.execPath, ['--import', tsx, main, ...args], spawnOptions(opts));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  const done = new Promise<CliResult>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

/** Sends SIGINT to a running CLI once its stderr shows `marker`, `delayMs` later (as a person pressing Ctrl-C). */
export async function interruptWhen(run: ReturnType<typeof cliAsync>, marker: string, delayMs: number): Promise<CliResult> {
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (!run.stderr().includes(marker)) return;
      clearInterval(timer);
      setTimeout(() => {
        run.child.kill('SIGINT');
        resolve();
      }, delayMs);
    }, 20);
  });
  return run.done;
}

const madeDirs: string[] = [];

/** A fresh temporary folder, removed after the test file that made it (tests/setup-tmp.ts), passed or failed. */
export function tmpDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bigstep-test-${process.env.BIGSTEP_TEST_RUN ?? 'x'}-`));
  madeDirs.push(dir);
  return dir;
}

/** Removes every folder tmpDir made in this test file. */
export function removeTmpDirs(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Reads DIR/results.json and checks it against the results schema. */
export function readResults(dir: string): Results {
  return validateResults(JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')));
}

/** Runs with what may legitimately differ between two runs of the same sweep (timings) removed. */
export function comparable(results: Results): unknown {
  return results.runs;
}
