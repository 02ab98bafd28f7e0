// Ctrl-C on the GPU engine (WebGPU in headless Chrome): puppeteer's own signal handlers are off, so
// the CLI finishes the current chunk, reads the state back from the page, writes a checkpoint and the
// results marked cancelled, closes the browser and exits 130; --resume then ends bit for bit as an
// uninterrupted GPU run. A tiny sweep: the software adapter is slow.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, comparable, interruptWhen, readResults, tmpDir } from '../cli-runner';

const SWEEP = ['sweep', '--preset', 'toy', '--steps', '3000', '--engine', 'gpu', '--no-png', '--quiet'];

describe('SIGINT on the GPU engine', () => {
  it('writes results marked cancelled and a checkpoint, exits 130, and --resume ends as an uninterrupted run, bit for bit', async () => {
    const wholeDir = tmpDir();
    const stoppedDir = tmpDir();
    const whole = await cliAsync([...SWEEP, '--out', wholeDir]).done;
    expect(whole.code, whole.stderr).toBe(0);
    // Interrupted once the progress line shows steps done (the first chunk), without --quiet.
    const stopped = await interruptWhen(cliAsync([...SWEEP.filter((a) => a !== '--quiet'), '--out', stoppedDir, '--checkpoint-every', '0']), 'steps/s', 200);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/SIGINT: finishing the current chunk/);
    const partial = readResults(stoppedDir);
    expect(partial.status).toBe('cancelled');
    expect(partial.engine.kind).toBe('gpu');
    expect(partial.stepsDone).toBeGreaterThan(0);
    expect(partial.stepsDone).toBeLessThan(3000);
    expect(existsSync(path.join(stoppedDir, 'checkpoint.json'))).toBe(true);
    const resumed = await cliAsync(['sweep', '--resume', stoppedDir, '--no-png', '--quiet']).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming at step \d+/);
    const res = readResults(stoppedDir);
    expect(res.status).toBe('done');
    expect(res.engine.kind).toBe('gpu');
    expect(comparable(res)).toEqual(comparable(readResults(wholeDir)));
  }, 600_000);
});
