// The metrics of one run at one recorded step, in float64, from its weights, margins and (when
// gradNorm is asked) gradient. The reference engine and the fast CPU engine both record through it.

import type { MetricName } from '../core/config-types';
import type { MetricRecord } from '../core/engine';
import type { Objective } from './objective';
import { distance, norm, powerIteration } from './sharpness';

export interface RunAtStep {
  /** Run index (the slot in each metric's values). */
  k: number;
  w: Float64Array;
  w0: Float64Array;
  /** Margins y_i f(x_i; w). */
  z: Float64Array;
  loss: number;
  /** ∇L(w); read only for gradNorm. */
  grad: Float64Array;
  /** Run k's sharpness warm start, updated in place. */
  eigenvector: Float64Array;
  sharpnessIterations: number;
  /** The minimiser w* (distToOpt). */
  wStar?: Float64Array;
}

export function measureRun(objective: Objective, run: RunAtStep, metrics: MetricName[], rec: MetricRecord): void {
  const { n } = objective;
  const { k, w, z } = run;
  for (const m of metrics) {
    const v = rec.values[m]!;
    switch (m) {
      case 'loss':
        v[k] = run.loss;
        break;
      case 'expLoss': {
        let s = 0;
        for (let i = 0; i < n; i++) s += Math.exp(-z[i]);
        v[k] = s / n;
        break;
      }
      case 'gradNorm':
        v[k] = norm(run.grad);
        break;
      case 'distFromInit':
        v[k] = distance(w, run.w0);
        break;
      case 'accuracy': {
        let c = 0;
        for (let i = 0; i < n; i++) if (z[i] > 0) c++;
        v[k] = c / n;
        break;
      }
      case 'margin': {
        let min = Infinity;
        for (let i = 0; i < n; i++) min = Math.min(min, z[i]);
        const nw = norm(w);
        v[k] = nw > 0 ? min / nw : NaN;
        break;
      }
      case 'sharpness':
        v[k] = powerIteration(objective, w, z, run.eigenvector, run.sharpnessIterations);
        break;
      case 'distToOpt':
        v[k] = run.wStar ? distance(w, run.wStar) : NaN;
        break;
    }
  }
}
