// Vitest global setup. One Vite dev server serves the GPU host page and the dashboard to every test
// file's headless Chrome (BIGSTEP_VITE_URL, see src/node/browser.ts), so a file pays for no server
// start and no recompile; each file still launches its own Chrome, so files run on both cores.
//
// And a test run must leave the checkout and the temp dir as it found them.
// Before the run it notes `git status` (a developer's own uncommitted work is allowed) and gives the
// run an id that tests/cli-runner.ts's tmpDir puts in its folder names; after the run, a tracked or
// untracked file that changed, or a temporary folder of this run still there, fails the run
// (exit code 1) with one line each. Parallel runs in other clones never see each other's folders.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { devServerOptions } from '../src/node/browser';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each changed or untracked path with a hash of its content: what `git status` shows, and what it holds. */
function treeState(): Map<string, string> | null {
  let porcelain: string;
  try {
    porcelain = execFileSync('git', ['status', '--porcelain', '-uall', '-z'], { cwd: ROOT, encoding: 'utf8' });
  } catch {
    return null; // not a git checkout (an unpacked tarball): nothing to compare
  }
  const state = new Map<string, string>();
  for (const entry of porcelain.split('\0').filter(Boolean)) {
    const file = entry.slice(3);
    const full = path.join(ROOT, file);
    const hash = existsSync(full) ? createHash('sha1').update(readFileSync(full)).digest('hex') : 'deleted';
    state.set(file, `${entry.slice(0, 2)} ${hash}`);
  }
  return state;
}

export default async function setup(): Promise<() => Promise<void>> {
  const server = await createServer(devServerOptions());
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the shared Vite dev server reported no local URL');
  process.env.BIGSTEP_VITE_URL = url;
  const run = `${process.pid}${Math.random().toString(36).slice(2, 6)}`;
  process.env.BIGSTEP_TEST_RUN = run;
  const before = treeState();
  return async () => {
    await server.close();
    const problems: string[] = [];
    const after = treeState();
    if (before && after) {
      // `npm run docs` (BIGSTEP_DOCS=1) is there to rewrite docs/: only the rest must stay as it was.
      const docs = (file: string) => process.env.BIGSTEP_DOCS === '1' && file.startsWith('docs/');
      for (const [file, s] of after) if (before.get(file) !== s && !docs(file)) problems.push(`the tests changed ${file} (git status: ${s.slice(0, 2).trim()})`);
      for (const file of before.keys()) if (!after.has(file)) problems.push(`the tests reverted or removed ${file}`);
    }
    const left = readdirSync(os.tmpdir()).filter((f) => f.startsWith(`bigstep-test-${run}-`));
    if (left.length > 0) problems.push(`the tests left ${left.length} temporary folder(s) in ${os.tmpdir()}: ${left.slice(0, 3).join(', ')}`);
    for (const p of problems) console.error(`clean-tree check: ${p}`);
    if (problems.length > 0) process.exitCode = 1;
  };
}
