// Seeded separable data with a chosen margin, for any n and d: the setting of the theory
// (‖x_i‖ ≤ 1, y_i x_iᵀw* ≥ γ for a unit w*), with many samples close to the margin so that γ, not some
// larger accidental margin, is what GD sees.
//
// Construction (every draw is a counter-based function of the seed, so the set is reproducible anywhere):
//  1. w* = g/‖g‖ with g ~ N(0, I_d).
//  2. Labels: exactly ceil(n/2) samples get +1 and floor(n/2) get −1, in a seeded random order.
//  3. Component along w*: a_i = γ + (1 − γ)·u_i² with u_i uniform in (0, 1). Squaring piles samples up
//     near the margin: about √ε·n of them lie within ε(1 − γ) of γ, and the smallest is ≈ γ + (1−γ)/n².
//  4. Orthogonal part: an isotropic Gaussian in the hyperplane w*⊥ with variance 1/(d − 1) per direction
//     (so its norm is about 1), shrunk radially to at most √(1 − a_i²) so that ‖x_i‖ ≤ 1. In high d most
//     samples therefore lie on the unit sphere, like unit-norm scaled real data.
//  5. x_i = y_i·a_i·w* + orthogonal part, so y_i x_iᵀw* = a_i ≥ γ.
// A slack of 1e-10 is kept at both ends of a_i's range (and 4e-10 off ‖x_i‖²) so that rounding in the
// dot products (at most d·2⁻⁵³ relative, 1.1e-11 for d = 10⁵) can never push a margin below γ or a norm
// above 1. For γ within 4e-10 of 1 the slack shrinks with 1 − γ and the guarantee holds only to rounding.

import type { SyntheticDataConfig } from '../config-types';
import { hash3, normal, permutation, Stream, uniform } from '../rng';
import type { Dataset } from './dataset';

/** A synthetic set together with the hidden direction that certifies its margin. */
export interface SyntheticDataset extends Dataset {
  /** Unit vector with y_i x_iᵀw* ≥ margin for every sample. */
  wStar: Float64Array;
}

const SLACK = 1e-10;

/** Independent sub-streams of Stream.synthetic for the four kinds of draws (seed derived from the user's seed). */
const Part = { direction: 1, labels: 2, along: 3, orthogonal: 4 } as const;

function partSeed(seed: number, part: number): number {
  return hash3(seed, Stream.synthetic, (0xffffff00 + part) >>> 0);
}

/** The hidden unit direction w* for a seed and dimension. */
export function hiddenDirection(seed: number, d: number): Float64Array {
  const s = partSeed(seed, Part.direction);
  const w = new Float64Array(d);
  let sum = 0;
  for (let j = 0; j < d; j++) {
    w[j] = normal(s, Stream.synthetic, j);
    sum += w[j] * w[j];
  }
  // Box–Muller never returns exactly 0 for these uniforms, so the norm is positive.
  const norm = Math.sqrt(sum);
  for (let j = 0; j < d; j++) w[j] /= norm;
  return w;
}

export function syntheticData(config: Pick<SyntheticDataConfig, 'n' | 'd' | 'margin' | 'seed'>): SyntheticDataset {
  const { n, d, margin: gamma, seed } = config;
  const wStar = hiddenDirection(seed, d);
  const order = permutation(partSeed(seed, Part.labels), Stream.synthetic, n);
  const positives = Math.ceil(n / 2);
  const slack = Math.min(SLACK, (1 - gamma) / 4);
  const lo = gamma + slack;
  const hi = 1 - slack;
  const alongSeed = partSeed(seed, Part.along);
  const orthSeed = partSeed(seed, Part.orthogonal);
  const perDirection = d > 1 ? 1 / Math.sqrt(d - 1) : 0;

  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const g = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const yi = order[i] < positives ? 1 : -1;
    y[i] = yi;
    const u = uniform(alongSeed, Stream.synthetic, i);
    const a = lo + (hi - lo) * u * u;

    // Gaussian, then its component along w* removed. Counter i·d + j fits a u32 (and 2·(i·d + j) + 1
    // inside normal() does too) because the config keeps n·d ≤ 1e9.
    let along = 0;
    for (let j = 0; j < d; j++) {
      g[j] = normal(orthSeed, Stream.synthetic, (i * d + j) >>> 0);
      along += g[j] * wStar[j];
    }
    let sq = 0;
    for (let j = 0; j < d; j++) {
      g[j] -= along * wStar[j];
      sq += g[j] * g[j];
    }
    const radius = Math.sqrt(sq) * perDirection;
    const cap = Math.sqrt(Math.max(0, 1 - a * a - 4 * slack));
    const factor = radius > 0 ? perDirection * Math.min(1, cap / radius) : 0;
    const base = i * d;
    for (let j = 0; j < d; j++) x[base + j] = yi * a * wStar[j] + factor * g[j];
  }
  const name = `synthetic: n = ${n}, d = ${d}, margin ${gamma}, seed ${seed}`;
  return { name, n, d, x, y, wStar };
}
