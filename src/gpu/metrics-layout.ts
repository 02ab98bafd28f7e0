// Where the kernels put things the host reads: the per-step metric slots and the run-state words
// (both laid out in shaders/common.wgsl), and how a slot becomes the float64 metric values.

import type { MetricName } from '../core/config-types';

/** Floats per (slot, run) in the metrics buffer. */
export const NMET = 8;
export const MET = { logLoss: 0, logExp: 1, gradNorm: 2, dist: 3, acc: 4, wnorm: 5, sharp: 6, minz: 7 } as const;
/** state buffer: 4 header words (slot, step, SGD sample, spare), then 4 words per run. */
export const STATE_RUN0 = 4;

/**
 * Fills run k of every requested metric from one slot. Losses arrive as logarithms and are
 * exponentiated in float64 (so 1e-40 survives); accuracy arrives as a count; the margin is
 * min z / ‖w‖ from its two parts (NaN at w = 0, as in the reference).
 */
export function fillRecord(
  values: Partial<Record<MetricName, Float64Array>>,
  k: number,
  m: Float32Array,
  base: number,
  n: number,
  hasSharpness: boolean,
): void {
  for (const [name, v] of Object.entries(values) as [MetricName, Float64Array][]) {
    switch (name) {
      case 'loss':
        v[k] = Math.exp(m[base + MET.logLoss]);
        break;
      case 'expLoss':
        v[k] = Math.exp(m[base + MET.logExp]);
        break;
      case 'gradNorm':
        v[k] = m[base + MET.gradNorm];
        break;
      case 'distFromInit':
        v[k] = m[base + MET.dist];
        break;
      case 'accuracy':
        v[k] = m[base + MET.acc] / n;
        break;
      case 'margin': {
        const nw = m[base + MET.wnorm];
        v[k] = nw > 0 ? m[base + MET.minz] / nw : NaN;
        break;
      }
      case 'sharpness':
        v[k] = hasSharpness ? m[base + MET.sharp] : NaN;
        break;
    }
  }
}
