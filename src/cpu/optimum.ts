// The minimiser w* of a convex objective (the linear model on non-separable or ℓ2-regularised data),
// found once in float64 by Newton's method (conjugate gradients on Hessian-vector products for each
// Newton direction, so no d × d matrix is formed), and the top Hessian eigenvalue there: GD is locally
// stable at w* for η < 2/λ_max (Meng et al. 2024 place the first period doubling there).

import { DataError } from '../core/config-error';
import type { ExperimentConfig } from '../core/config-types';
import type { Dataset } from '../core/data/dataset';
import { initialWeights } from '../core/init';
import { makeCpuModel } from './models';
import { makeObjective, type Objective } from './objective';
import { norm, startVector } from './sharpness';

export interface Optimum {
  w: Float64Array;
  /** L(w*) (the ℓ2 term included). */
  loss: number;
  /** ‖∇L(w*)‖: how well Newton converged. */
  gradNorm: number;
  /** λ_max(∇²L(w*)). */
  hessianTop: number;
  newtonSteps: number;
}

const MAX_NEWTON = 100;
/**
 * Newton stops when its step is this small relative to ‖w‖ (quadratic convergence gets there in a few
 * steps). On separable data the loss decays like e^{−‖w‖}, the Newton step stays of size about 1 however
 * small the gradient is, and the test never passes.
 */
const STEP_TOL = 1e-12;
/** Beyond this norm the iterates are running off to infinity: the data are separable, there is no w*. */
const RUNAWAY = 1e8;

/**
 * Newton's method with a backtracking (Armijo) line search, from w = 0 (where every margin is 0 and
 * the logistic curvature largest: from a far-off w₀ the Hessian is nearly 0 and damped Newton crawls);
 * null when the objective has no minimiser. `w0` gives the size (and is the ℓ2 term's centre, in the objective).
 */
export function findOptimum(objective: Objective, w0: Float64Array): Optimum | null {
  const { n } = objective;
  const size = w0.length;
  const w = new Float64Array(size);
  const f = new Float64Array(n);
  const z = new Float64Array(n);
  const g = new Float64Array(size);
  const trial = new Float64Array(size);
  const valueAt = (x: Float64Array): number => {
    objective.model.forward(x, f);
    objective.margins(f, z);
    return objective.value(x, z);
  };
  let F = valueAt(w);
  for (let step = 0; step <= MAX_NEWTON; step++) {
    objective.gradient(w, z, g);
    const gn = norm(g);
    const done = () => ({ w, loss: F, gradNorm: gn, hessianTop: topHessianEigenvalue(objective, w, z), newtonSteps: step });
    if (gn === 0) return done();
    if (step === MAX_NEWTON || !(norm(w) < RUNAWAY)) return null;
    const p = conjugateGradient((v, out) => objective.hessianVector(w, z, v, out), g);
    if (norm(p) <= STEP_TOL * Math.max(1, norm(w))) return done();
    let slope = 0;
    for (let j = 0; j < size; j++) slope += g[j] * p[j];
    // A direction that does not descend (the Hessian vanished along g) falls back to the gradient.
    if (!(slope > 0)) {
      p.set(g);
      slope = gn * gn;
    }
    let t = 1;
    let Ft = Infinity;
    for (let halvings = 0; halvings < 60; halvings++, t /= 2) {
      for (let j = 0; j < size; j++) trial[j] = w[j] - t * p[j];
      Ft = valueAt(trial);
      if (Ft <= F - 1e-4 * t * slope) break;
    }
    if (!(Ft <= F)) return null;
    w.set(trial);
    F = valueAt(w);
  }
  return null;
}

/** Solves H p = b for a positive (semi-)definite H given as products, to a relative residual of 1e-14. */
function conjugateGradient(hv: (v: Float64Array, out: Float64Array) => void, b: Float64Array): Float64Array {
  const size = b.length;
  const p = new Float64Array(size);
  const r = b.slice();
  const d = b.slice();
  const hd = new Float64Array(size);
  const bn = norm(b);
  let rr = bn * bn;
  for (let it = 0; it < 2 * size + 20 && Math.sqrt(rr) > 1e-14 * bn; it++) {
    hv(d, hd);
    let dhd = 0;
    for (let j = 0; j < size; j++) dhd += d[j] * hd[j];
    if (!(dhd > 0)) break;
    const alpha = rr / dhd;
    let rrNext = 0;
    for (let j = 0; j < size; j++) {
      p[j] += alpha * d[j];
      r[j] -= alpha * hd[j];
      rrNext += r[j] * r[j];
    }
    const beta = rrNext / rr;
    for (let j = 0; j < size; j++) d[j] = r[j] + beta * d[j];
    rr = rrNext;
  }
  return p;
}

/** λ_max(∇²L(w)) by power iteration until the Rayleigh quotient settles to 1e-13 (at most 20,000 products). */
export function topHessianEigenvalue(objective: Objective, w: Float64Array, z: Float64Array): number {
  const v = startVector(w.length);
  const hv = new Float64Array(w.length);
  let nv = norm(v);
  for (let j = 0; j < v.length; j++) v[j] /= nv;
  let lambda = 0;
  for (let it = 0; it < 20_000; it++) {
    objective.hessianVector(w, z, v, hv);
    let q = 0;
    for (let j = 0; j < v.length; j++) q += v[j] * hv[j];
    nv = norm(hv);
    if (!(nv > 0)) return 0;
    for (let j = 0; j < v.length; j++) v[j] = hv[j] / nv;
    if (Math.abs(q - lambda) <= 1e-13 * Math.abs(q)) return q;
    lambda = q;
  }
  return lambda;
}

/** What a results file says of the optimum: L(w*), how well Newton converged, λ_max and the 2/λ_max line. */
export interface OptimumSummary {
  loss: number;
  gradNorm: number;
  newtonSteps: number;
  hessianTop: number;
  /** 2/λ_max(∇²L(w*)): GD is locally stable at w* below it, and the first period doubling is there. */
  criticalEta: number;
}

/** w* of a config's objective (linear model) from its w₀; null when there is none. */
export function configOptimum(config: ExperimentConfig, data: Dataset): Optimum | null {
  if (config.model.kind !== 'linear') return null;
  const w0 = initialWeights(config.model, data.d);
  return findOptimum(makeObjective(config, data, makeCpuModel(config.model, data), w0), w0);
}

/** w*, or a one-line refusal: separable data without an ℓ2 term have no minimiser (`source`: the data's name). */
export function optimumOrFail(found: Optimum | null, source: string): Optimum {
  if (!found) throw new DataError(source, 'the loss has no minimiser here (separable data and no ℓ2 term), so "distToOpt" cannot be measured; use non-separable data or loss.l2 > 0');
  return found;
}

/** The optimum of a config's objective (linear model; null when there is none), from w₀. */
export function optimumSummary(config: ExperimentConfig, data: Dataset): OptimumSummary | null {
  const opt = configOptimum(config, data);
  if (!opt) return null;
  return { loss: opt.loss, gradNorm: opt.gradNorm, newtonSteps: opt.newtonSteps, hessianTop: opt.hessianTop, criticalEta: 2 / opt.hessianTop };
}
