// The fused linear path's comparisons, shared by tests/gpu/linear-fused.test.ts and the mnist08-sized
// case in tests/long: the fused engine beside the float64 reference and the default GPU path, and
// records compared at the tolerances linear-fused.test.ts explains.

import { expect } from 'vitest';
import type { AdvanceResult } from '../../src/core/engine';
import type { BrowserSession } from '../../src/node/browser';
import type { ExperimentConfig } from '../../src/core/config-types';
import type { Dataset } from '../../src/core/data/dataset';
import { maxRel, variantTrio, type VariantTrio } from './helpers';

const MEASURED = ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'margin'] as const;

/** The fused engine and the float64 reference, plus the default GPU path on the same problem. */
export function fusedTrio(session: BrowserSession, cfg: ExperimentConfig, data: Dataset): Promise<VariantTrio> {
  return variantTrio(session, cfg, data, { linearFused: true }, { active: 'fused linear GD', inactive: 'fused' });
}

function accuracyOff(a: Float64Array, b: Float64Array, n: number): number {
  let worst = 0;
  for (let k = 0; k < b.length; k++) worst = Math.max(worst, Math.round(Math.abs(a[k] - b[k]) * n));
  return worst;
}

/** Every record and the step losses of `a` against `b`: offset-0 record at tol0, the rest at tol. */
export function compareFused(a: AdvanceResult, b: AdvanceResult, n: number, what: string, tol0: number, tol: number): void {
  expect(a.status, what).toEqual(b.status);
  expect(a.divergedAt, what).toEqual(b.divergedAt);
  expect(maxRel(a.stepLoss.subarray(0, a.stepLoss.length / a.steps), b.stepLoss.subarray(0, b.stepLoss.length / b.steps)), `${what}: first step loss`).toBeLessThan(tol0);
  expect(maxRel(a.stepLoss, b.stepLoss), `${what}: step losses`).toBeLessThan(tol);
  a.records.forEach((ra, r) => {
    const rb = b.records[r];
    expect(ra.step, what).toBe(rb.step);
    const t = ra.step === a.startStep ? tol0 : tol;
    for (const m of MEASURED) expect(maxRel(ra.values[m]!, rb.values[m]!), `${what}: ${m} at step ${ra.step}`).toBeLessThan(t);
    const off = accuracyOff(ra.values.accuracy!, rb.values.accuracy!, n);
    expect(off, `${what}: accuracy at step ${ra.step}`).toBeLessThanOrEqual(ra.step === a.startStep ? 0 : 1);
  });
}
