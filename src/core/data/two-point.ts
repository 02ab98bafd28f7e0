// The two-point lower-bound set (claim 4): with x1 = (γ, √(1−γ²)) and x2 = (γ, −√(1−γ²)/2), both +1,
// the margin is γ along (1, 0) and any run that stays in the stable regime needs Ω(1/T) loss at step T.

import type { Dataset } from './dataset';

/** Both samples are unit-norm or less and labelled +1; gamma is the margin (the config keeps it in (0, 0.1]). */
export function twoPointData(gamma: number): Dataset {
  const s = Math.sqrt(1 - gamma * gamma);
  return {
    name: `two-point lower-bound set, γ = ${gamma}`,
    n: 2,
    d: 2,
    x: Float64Array.of(gamma, s, gamma, -s / 2),
    y: Float64Array.of(1, 1),
  };
}
