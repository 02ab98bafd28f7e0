// Non-separable binary data, where logistic loss has a finite minimiser w* and large-η GD can cycle
// (Meng, Orvieto, Cao & De Sa 2024): overlapping Gaussians with a stated Bayes error, a 1-D set of
// points of both signs, and label noise on any binary set (MNIST pairs).

import type { GaussiansDataConfig } from '../config-types';
import { normal, permutation, Stream, uniform } from '../rng';
import type { Dataset } from './dataset';

/** Φ(x), the standard normal CDF, from erfc (|error| < 1.2e-7, Numerical Recipes' Chebyshev fit). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Φ⁻¹(p) for p in (0, 1), by bisection on normalCdf (60 halvings of [−40, 40]: below its rounding). */
export function normalQuantile(p: number): number {
  let lo = -40;
  let hi = 40;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * y = ±1 (ceil(n/2) positives, seeded order), x = y·μ·e₁ + σξ with ξ ~ N(0, I_d), σ = 1/√d and
 * μ = σ·Φ⁻¹(1 − bayesError): the Bayes classifier sign(x₁) errs with probability bayesError.
 */
export function gaussiansData(config: Pick<GaussiansDataConfig, 'n' | 'd' | 'bayesError' | 'seed'>): Dataset {
  const { n, d, bayesError, seed } = config;
  const sigma = 1 / Math.sqrt(d);
  const mu = sigma * normalQuantile(1 - bayesError);
  const order = permutation(seed, Stream.gaussians, n);
  const positives = Math.ceil(n / 2);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const yi = order[i] < positives ? 1 : -1;
    y[i] = yi;
    // A second seed keeps these draws apart from the permutation's; n·d ≤ 1e9 keeps 2·(i·d + j) + 1 within u32.
    for (let j = 0; j < d; j++) x[i * d + j] = sigma * normal((seed ^ 0x5bd1e995) >>> 0, Stream.gaussians, (i * d + j) >>> 0);
    x[i * d] += yi * mu;
  }
  return { name: `overlapping Gaussians: n = ${n}, d = ${d}, Bayes error ${bayesError} (μ = ${mu.toPrecision(4)}, σ = ${sigma.toPrecision(4)})`, n, d, x, y };
}

/** Sample i at x = |points[i]| with label sign(points[i]) (0 counts as +1): a 1-D set, d = 1. */
export function lineData(points: number[]): Dataset {
  const n = points.length;
  const x = Float64Array.from(points, Math.abs);
  const y = Float64Array.from(points, (p) => (p < 0 ? -1 : 1));
  return { name: `1-D points ${points.join(', ')}`, n, d: 1, x, y };
}

/** Flips each label with probability p (seeded): the same (data, p, seed) always flips the same samples. */
export function withLabelNoise(data: Dataset, p: number, seed: number): Dataset {
  const y = data.y.slice();
  let flipped = 0;
  for (let i = 0; i < data.n; i++) {
    if (uniform(seed, Stream.labelNoise, i) < p) {
      y[i] = -y[i];
      flipped++;
    }
  }
  return { ...data, y, name: `${data.name}, label noise ${p} (${flipped} flipped)` };
}
