// The CLI with --engine gpu, as a user runs it (headless Chrome on the software adapter), on the
// smallest sweeps that take each of its paths: a plain sweep with its PNGs, against the float64
// engine through the same CLI; and a study (one folder per part, study.json). The presets' science
// is asserted once, on the CPU engine (tests/unit); every preset on the GPU at --quick size and the
// toy figure at 2^16 steps are in tests/long/gpu-presets.test.ts (`npm run test:long`).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeName } from '../../src/cli/sweep-command';
import { cli, cliAsync, readResults, tmpDir } from '../cli-runner';

/** Writes a config file into a fresh temporary folder; returns [file, folder]. */
function configFile(cfg: object): [string, string] {
  const dir = tmpDir();
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(cfg));
  return [file, dir];
}

describe('bigstep sweep --engine gpu', () => {
  it('runs the toy sweep for 300 steps, writes valid results and PNGs, and agrees with the float64 engine', async () => {
    const [file, dir] = configFile({ name: 'toy-small', data: { kind: 'toy' }, etas: [4, 8, 16, 32], steps: 300 });
    const gpuOut = path.join(dir, 'gpu');
    const cpuOut = path.join(dir, 'cpu');
    const gpu = await cliAsync(['sweep', '--config', file, '--engine', 'gpu', '--out', gpuOut, '--quiet']).done;
    expect(gpu.code, gpu.stderr).toBe(0);
    expect(gpu.stderr).toMatch(/WebGPU adapter: /);
    expect(cli(['sweep', '--config', file, '--out', cpuOut, '--quiet', '--no-png']).code).toBe(0);
    const g = readResults(gpuOut);
    const c = readResults(cpuOut);
    expect(g.engine.kind).toBe('gpu');
    expect(g.engine.adapter).toBeDefined();
    expect(g.environment.browser).toMatch(/Chrome/);
    expect(g.status).toBe('done');
    // The panels as PNG, drawn in the engine's own headless Chrome.
    for (const png of ['loss.png', 'etatl.png']) expect(existsSync(path.join(gpuOut, png)), png).toBe(true);
    g.runs.forEach((run, k) => {
      const ref = c.runs[k];
      expect(run.status).toBe('done');
      // The EoS phase (loss increases) ends within the first steps for η >= 8 on both engines, at
      // the same transition step give or take 2 (fp32 against float64 through a chaotic phase).
      if (run.eta >= 8) expect(run.summary.lastIncreaseStep!).toBeLessThan(32);
      expect(Math.abs(run.summary.phaseTransitionStep! - ref.summary.phaseTransitionStep!)).toBeLessThanOrEqual(2);
      expect(Math.abs(run.summary.finalLoss! / ref.summary.finalLoss! - 1)).toBeLessThan(0.01);
    });
  }, 300_000);

  it('runs a width study: one folder per width and study.json, every part on the GPU', async () => {
    const [file, dir] = configFile({
      name: 'widths-small',
      data: { kind: 'toy' },
      model: { kind: 'ntk', width: 8 },
      etas: [1, 16],
      steps: 40,
      metrics: ['loss', 'distFromInit'],
      study: { kind: 'widths', widths: [8, 33] },
    });
    const out = path.join(dir, 'out');
    const r = await cliAsync(['sweep', '--config', file, '--engine', 'gpu', '--out', out, '--quiet', '--no-png']).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Width study/);
    const sweeps = JSON.parse(readFileSync(path.join(out, 'study.json'), 'utf8')).sweeps as string[];
    expect(sweeps).toHaveLength(2);
    for (const s of sweeps) {
      const res = readResults(path.join(out, safeName(s)));
      expect(res.engine.kind).toBe('gpu');
      expect(res.status).toBe('done');
      expect(res.runs.map((run) => run.series.step.at(-1))).toEqual([40, 40]);
    }
  }, 300_000);
});
