// Feature scaling is part of the experiment (the theory assumes ‖x‖ ≤ 1, and the stepsize that counts as
// "large" depends on it), so every data set applies the config's choice here, in place, after loading.

import type { Scaling } from '../config-types';

/** Short text for data set names, e.g. "pixel/255". */
export function scalingLabel(scaling: Scaling): string {
  switch (scaling) {
    case 'pixel':
      return 'pixel/255';
    case 'unitNorm':
      return 'unit-norm rows';
    case 'maxNorm':
      return 'divided by the largest row norm';
    case 'none':
      return 'unscaled';
  }
}

/**
 * Scales the row-major n×d matrix x in place.
 * - 'pixel': every entry / 255 (whatever the source type; meant for 8-bit images).
 * - 'unitNorm': every row to Euclidean norm 1; all-zero rows stay zero (they have no direction).
 * - 'maxNorm': everything divided by the largest row norm, so the largest row has norm 1 and the
 *   relative geometry is kept; an all-zero matrix is left as is.
 * - 'none': unchanged.
 */
export function applyScaling(x: Float64Array, n: number, d: number, scaling: Scaling): void {
  switch (scaling) {
    case 'none':
      return;
    case 'pixel':
      for (let k = 0; k < n * d; k++) x[k] /= 255;
      return;
    case 'unitNorm':
      for (let i = 0; i < n; i++) {
        const norm = rowNorm(x, i, d);
        if (norm > 0) for (let j = i * d; j < (i + 1) * d; j++) x[j] /= norm;
      }
      return;
    case 'maxNorm': {
      let largest = 0;
      for (let i = 0; i < n; i++) largest = Math.max(largest, rowNorm(x, i, d));
      if (largest > 0) for (let k = 0; k < n * d; k++) x[k] /= largest;
      return;
    }
  }
}

/** Euclidean norm of row i, scaled by the row's largest entry so huge or tiny values neither overflow nor underflow. */
export function rowNorm(x: Float64Array, i: number, d: number): number {
  let big = 0;
  for (let j = i * d; j < (i + 1) * d; j++) big = Math.max(big, Math.abs(x[j]));
  if (big === 0 || !Number.isFinite(big)) return big;
  let sum = 0;
  for (let j = i * d; j < (i + 1) * d; j++) {
    const v = x[j] / big;
    sum += v * v;
  }
  return big * Math.sqrt(sum);
}
