// Holding a GPU engine to the float64 reference over STEPS steps, for the optimizer and ℓ2 tests
// (tests/gpu/optimizers.test.ts: the linear model; tests/gpu/ntk-optimizers.test.ts: the NTK network).
// Tolerance 1e-4 relative per step (the issue's): fp32 rounding (u = 6e-8) is amplified along a
// trajectory, most by the momentum methods and the adaptive stepsizes that grow as L falls; what the
// runs print is the measured error.

import { expect } from 'vitest';
import type { ExperimentConfig } from '../../src/core/config-types';
import type { AdvanceResult, RecordRequest } from '../../src/core/engine';
import type { Dataset } from '../../src/core/data/dataset';
import type { WireEngineOptions } from '../../src/gpu/host-api';
import type { BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import { both, maxRel, normRel, pair, ALL_METRICS } from './helpers';

export const STEPS = 30;
/** Records at the start, in the middle and after the last step: every metric the steps write. */
const RECORDS: RecordRequest[] = [0, 11, STEPS].map((offset) => ({ offset, metrics: ALL_METRICS }));

/**
 * ‖∇L‖ relative to the larger of itself and the ℓ2 term's gradient norm λ‖w − w0‖ (`terms`, the
 * reference's): near the ℓ2 minimiser ∇L is the difference of the data's gradient and λ(w − w0),
 * which nearly cancel, so fp32 knows it only to u times those terms, absolute, amplified along the
 * trajectory like every other error. Measured: the linear model, GD with λ = 0.05, ‖∇L‖ = 2.4e-9 after
 * 30 steps with an error of 1.1e-8, 2e-7 of λ‖w − w0‖; the NTK network, η = 4, λ = 0.05, ‖∇L‖ = 2.6e-3
 * (ten times below the terms) with an error of 6e-7. Without the ℓ2 term, plain relative error.
 */
export function gradNormError(a: ArrayLike<number>, b: ArrayLike<number>, terms: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), terms[i]));
  return worst;
}

/**
 * STEPS steps of `cfg` on both engines: the per-step losses and the recorded loss, gradNorm (see
 * gradNormError) and distFromInit within `tol` relative, the same accuracies and statuses; returns the worst loss error.
 */
export async function agree(session: BrowserSession, what: string, cfg: ExperimentConfig, on: Dataset, tol = 1e-4, opts: WireEngineOptions = {}): Promise<{ g: AdvanceResult; c: AdvanceResult; err: number }> {
  const e = await pair(session, cfg, on, opts);
  try {
    const [g, c] = await both(e, (en) => en.advance(STEPS, RECORDS));
    expect(g.status, what).toEqual(c.status);
    expect(c.status, `${what}: a diverging run would hide the later steps`).not.toContain('diverged');
    const err = maxRel(g.stepLoss, c.stepLoss);
    let worst = err;
    const l2Terms = (dist: ArrayLike<number>): number[] => Array.from(dist, (v) => (cfg.loss.l2 ?? 0) * v);
    for (const [r, rec] of RECORDS.entries()) {
      for (const m of ['loss', 'gradNorm', 'distFromInit'] as const) {
        const e2 = m === 'gradNorm' ? gradNormError(g.records[r].values[m]!, c.records[r].values[m]!, l2Terms(c.records[r].values.distFromInit!)) : maxRel(g.records[r].values[m]!, c.records[r].values[m]!);
        expect(e2, `${what}: ${m} at offset ${rec.offset}`).toBeLessThan(tol);
        worst = Math.max(worst, e2);
      }
      expect(Array.from(g.records[r].values.accuracy!), `${what}: accuracy at offset ${rec.offset}`).toEqual(Array.from(c.records[r].values.accuracy!));
    }
    console.log(`${what}: max relative error of the per-step losses ${err.toExponential(2)}, of every compared metric ${worst.toExponential(2)}`);
    expect(err, `${what}: per-step losses`).toBeLessThan(tol);
    return { g, c, err };
  } finally {
    await e.gpu.dispose();
  }
}

/**
 * A momentum config (3 runs): after 10 steps the GPU's velocities and weights (readState) match
 * float64, a fresh GPU engine resumed from the float64 state continues its iterates for 10 steps
 * more, and a state without velocities is refused.
 */
export async function expectMomentumResume(session: BrowserSession, what: string, cfg: ExperimentConfig, data: Dataset, opts: WireEngineOptions = {}): Promise<void> {
  const e = await pair(session, cfg, data, opts);
  await both(e, (en) => en.advance(10, []));
  const [sg, sc] = [await e.gpu.readState(), await e.cpu.readState()];
  expect(sg.velocities).toHaveLength(cfg.etas.length);
  for (let k = 0; k < cfg.etas.length; k++) {
    expect(normRel(sg.velocities![k], sc.velocities![k]), `${what}: velocity of run ${k}`).toBeLessThan(1e-4);
    expect(normRel(sg.weights[k], sc.weights[k]), `${what}: weights of run ${k}`).toBeLessThan(1e-5);
  }
  // A fresh GPU engine resumed from the float64 state, against the reference going on.
  const resumed = new RemoteGpuEngine(session, opts);
  await resumed.init({ config: cfg, data });
  await resumed.writeState(sc);
  const [g, c] = [await resumed.advance(10, []), await e.cpu.advance(10, [])];
  expect(g.startStep).toBe(10);
  const err = maxRel(g.stepLoss, c.stepLoss);
  console.log(`${what} resumed at step 10: max relative error of the per-step losses ${err.toExponential(2)}`);
  expect(err).toBeLessThan(1e-4);
  // Without velocities a momentum run cannot resume.
  await expect(resumed.writeState({ ...sc, velocities: undefined })).rejects.toThrow(/velocity/);
  await resumed.dispose();
  await e.gpu.dispose();
}
