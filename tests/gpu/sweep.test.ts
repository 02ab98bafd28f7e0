// The GPU engine driven by the sweep driver (what the CLI and the dashboard do), against the same
// sweep on the float64 reference: the science-level summary must agree (DESIGN.md requirement 5:
// long runs are compared by what the theory predicts, not step by step).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toyData } from '../../src/core/data/toy';
import { preset, presetRaw } from '../../src/core/presets';
import { parseConfig } from '../../src/core/config';
import { CpuEngine } from '../../src/cpu/reference-engine';
import type { BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import { runSweep } from '../../src/sweep/run-sweep';
import { launch } from './helpers';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

describe('sweep driver on the GPU engine', () => {
  it('the toy preset (2^13 steps, sharpness included) gives the reference summary', async () => {
    expect(preset('toy').metrics).toContain('sharpness');
    const config = parseConfig({ ...presetRaw('toy'), steps: 2 ** 13 });
    const problem = { config, data: toyData() };
    const gpu = new RemoteGpuEngine(session);
    const g = await runSweep(gpu, problem);
    const c = await runSweep(new CpuEngine(), problem);
    expect(g.engine.kind).toBe('gpu');
    expect(g.engine.adapter?.architecture ?? g.engine.adapter?.description).toBeTruthy();
    for (let k = 0; k < config.etas.length; k++) {
      const sg = g.runs[k].summary;
      const sc = c.runs[k].summary;
      expect(g.runs[k].status).toBe(c.runs[k].status);
      expect(Math.abs(sg.phaseTransitionStep! - sc.phaseTransitionStep!), `η = ${config.etas[k]}`).toBeLessThanOrEqual(2);
      expect(Math.abs(sg.finalLoss! / sc.finalLoss! - 1)).toBeLessThan(0.05);
      expect(Math.abs(sg.lateSlope! - sc.lateSlope!)).toBeLessThan(0.02);
      // Sharpness series: same record steps, values within 1% where both are defined.
      expect(g.runs[k].series.step).toEqual(c.runs[k].series.step);
      const shg = g.runs[k].series.sharpness!;
      const shc = c.runs[k].series.sharpness!;
      shc.forEach((v, i) => {
        if (v !== null && shg[i] !== null && v > 1e-6) expect(Math.abs(shg[i]! / v - 1), `sharpness at ${g.runs[k].series.step[i]}`).toBeLessThan(0.01);
      });
    }
    await gpu.dispose();
  });
});
