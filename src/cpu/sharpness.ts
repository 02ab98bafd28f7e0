// Sharpness λ_max(∇²L(w)) by power iteration on Hessian-vector products. The Hessian here is
// positive semi-definite (convex losses, Gauss–Newton form), so the dominant eigenvalue is the top
// one. Warm starts (the previous eigenvector) make a few iterations enough along a trajectory.

import { normal } from '../core/rng';
import type { Objective } from './objective';

const START_SEED = 0x5eed;
const START_STREAM = 99;

export function startVector(size: number): Float64Array {
  const v = new Float64Array(size);
  for (let j = 0; j < size; j++) v[j] = normal(START_SEED, START_STREAM, j);
  return v;
}

/** Euclidean norm. */
export function norm(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  return Math.sqrt(s);
}

/** ‖a − b‖, summed left to right like norm (the distFromInit metric of every CPU engine). */
export function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
}

/**
 * Runs `iterations` power steps from `v` (updated in place to the eigenvector estimate) and returns
 * the Rayleigh quotient vᵀHv of the final unit vector.
 */
export function powerIteration(
  objective: Objective,
  w: Float64Array,
  z: Float64Array,
  v: Float64Array,
  iterations: number,
): number {
  const hv = new Float64Array(v.length);
  let nv = norm(v);
  if (!(nv > 0) || !Number.isFinite(nv)) {
    v.set(startVector(v.length));
    nv = norm(v);
  }
  for (let j = 0; j < v.length; j++) v[j] /= nv;
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    objective.hessianVector(w, z, v, hv);
    lambda = 0;
    for (let j = 0; j < v.length; j++) lambda += v[j] * hv[j];
    const nh = norm(hv);
    if (!(nh > 0)) return 0; // H v = 0: the Hessian vanishes along every direction tried.
    for (let j = 0; j < v.length; j++) v[j] = hv[j] / nh;
  }
  return lambda;
}
