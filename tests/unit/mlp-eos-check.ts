// The must-show of the eos-sharpness preset as assertions on a results file (shared by the CPU and
// GPU tests). With S_t the measured sharpness and 2/η the stability threshold:
// - the two largest η: max_t S_t ≥ 0.8·2/η (sharpness rises to within 20% of 2/η) although it
//   started below that; over the last quarter of the run every S_t lies within 20% of 2/η (it
//   hovers there); the loss is not monotone (edge of stability) yet still falls: its mean over the
//   last quarter is below half its mean over the second quarter;
// - the smallest η: every S_t < 2/η and the per-step loss never increases.

import { expect } from 'vitest';
import type { Results } from '../../src/core/results';

export function checkEdgeOfStability(res: Results): void {
  const runs = [...res.runs].sort((a, b) => a.eta - b.eta);
  const T = res.config.steps;
  for (const [i, run] of runs.entries()) {
    const s = run.series;
    const thr = 2 / run.eta;
    const sharp = s.step.map((step, j) => [step, s.sharpness?.[j] ?? null] as const).filter(([, v]) => v !== null) as [number, number][];
    expect(sharp.length, `η = ${run.eta}: sharpness measurements`).toBeGreaterThan(8);
    const lossIn = (a: number, b: number): number => {
      const v = s.step.map((step, j) => [step, s.loss![j]] as const).filter(([step, l]) => step >= a && step < b && l !== null);
      return v.reduce((acc, [, l]) => acc + l!, 0) / v.length;
    };
    if (i === 0) {
      for (const [step, v] of sharp) expect(v, `η = ${run.eta}, step ${step}: sharpness below 2/η = ${thr}`).toBeLessThan(thr);
      expect(run.summary.lossIncreases, `η = ${run.eta}: monotone loss`).toBe(0);
    } else if (i >= runs.length - 2) {
      expect(sharp[0][1], `η = ${run.eta}: starts below 0.8·2/η`).toBeLessThan(0.8 * thr);
      expect(Math.max(...sharp.map(([, v]) => v)), `η = ${run.eta}: rises to 0.8·2/η`).toBeGreaterThanOrEqual(0.8 * thr);
      for (const [step, v] of sharp.filter(([step]) => step >= 0.75 * T)) {
        expect(Math.abs(v / thr - 1), `η = ${run.eta}, step ${step}: sharpness ${v} within 20% of 2/η = ${thr}`).toBeLessThanOrEqual(0.2);
      }
      expect(run.summary.lossIncreases, `η = ${run.eta}: non-monotone loss`).toBeGreaterThan(0);
      expect(lossIn(0.75 * T, T + 1), `η = ${run.eta}: loss still falls`).toBeLessThan(0.5 * lossIn(0.25 * T, 0.5 * T));
    }
  }
}
