// The four-point toy set of the large-stepsize paper's first figure: separable with margin γ = 0.2
// (w* = (0, 1)), yet the points with large first coordinates make the loss landscape sharp along x₁.

import type { Dataset } from './dataset';

/** The toy set's margin, for reference lines and tests. */
export const TOY_MARGIN = 0.2;

/** x = (1, 0.2), (−2, 0.2) labelled +1 and (−1, −0.2), (2, −0.2) labelled −1; unscaled (‖x‖ reaches 2 on purpose). */
export function toyData(): Dataset {
  return {
    name: 'toy: 4 points in 2-D, margin 0.2',
    n: 4,
    d: 2,
    x: Float64Array.of(1, 0.2, -2, 0.2, -1, -0.2, 2, -0.2),
    y: Float64Array.of(1, 1, -1, -1),
  };
}
