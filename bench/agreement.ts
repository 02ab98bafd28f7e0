// Do two engines compute the same thing? L(w_N) for every η after N steps from the same w_0, compared
// by the largest relative difference. GD at large η is chaotic, so N stays small (the science's
// long-run comparisons live in the tests); here it guards a benchmark against timing wrong work.

import type { Engine, Problem } from '../src/core/engine';
import { lossAfter } from './measure';

export interface Agreement {
  steps: number;
  a: number[];
  b: number[];
  maxRelDiff: number;
}

export function maxRelDiff(a: number[], b: number[]): number {
  if (a.length !== b.length || a.length === 0) return NaN;
  return Math.max(...a.map((x, k) => Math.abs(x - b[k]) / Math.max(Math.abs(b[k]), 1e-30)));
}

export async function agreement(a: Engine, b: Engine, problem: Problem, steps: number): Promise<Agreement> {
  const la = await lossAfter(a, problem, steps);
  const lb = await lossAfter(b, problem, steps);
  return { steps, a: la, b: lb, maxRelDiff: maxRelDiff(la, lb) };
}
