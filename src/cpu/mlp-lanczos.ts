// The top (largest algebraic) eigenvalue of a symmetric operator given by matrix–vector products:
// Lanczos with full reorthogonalization, explicitly restarted from the top Ritz vector every
// RESTART products. A network's Hessian is indefinite, so plain power iteration could lock onto a
// large negative eigenvalue; Lanczos does not (it is what Cohen et al. used, via scipy's eigsh).

import { topEigenSymmetric } from './symmetric-eigen';

const RESTART = 32;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/**
 * Runs `products` operator applications starting from v (replaced in place by the top Ritz vector,
 * unit norm; a zero or non-finite v is replaced by `fallback()`) and returns the top Ritz value.
 */
export function lanczosTop(
  apply: (v: Float64Array, out: Float64Array) => void,
  v: Float64Array,
  products: number,
  fallback: () => Float64Array,
): number {
  const P = v.length;
  let nv = Math.sqrt(dot(v, v));
  if (!(nv > 0) || !Number.isFinite(nv)) {
    v.set(fallback());
    nv = Math.sqrt(dot(v, v));
  }
  for (let j = 0; j < P; j++) v[j] /= nv;
  let top = NaN;
  let left = Math.max(1, products);
  while (left > 0) {
    const m = Math.min(RESTART, left, P);
    left -= m;
    const Q: Float64Array[] = [v.slice()];
    const alpha: number[] = [];
    const beta: number[] = [];
    const w = new Float64Array(P);
    for (let k = 0; k < m; k++) {
      apply(Q[k], w);
      const a = dot(Q[k], w);
      alpha.push(a);
      // Full reorthogonalization (twice is enough) against every Lanczos vector so far.
      for (let pass = 0; pass < 2; pass++) {
        for (const q of Q) {
          const c = dot(q, w);
          for (let j = 0; j < P; j++) w[j] -= c * q[j];
        }
      }
      const b = Math.sqrt(dot(w, w));
      if (k === m - 1 || !(b > 1e-12 * Math.max(1, Math.abs(a)))) break;
      beta.push(b);
      const q = new Float64Array(P);
      for (let j = 0; j < P; j++) q[j] = w[j] / b;
      Q.push(q);
    }
    const { value, vector } = topEigenTridiagonal(alpha, beta.slice(0, alpha.length - 1));
    top = value;
    v.fill(0);
    for (let k = 0; k < alpha.length; k++) {
      const c = vector[k];
      const q = Q[k];
      for (let j = 0; j < P; j++) v[j] += c * q[j];
    }
    const n2 = Math.sqrt(dot(v, v));
    for (let j = 0; j < P; j++) v[j] /= n2;
  }
  return top;
}

/** Largest eigenvalue and its unit eigenvector of the symmetric tridiagonal (alpha, beta). */
export function topEigenTridiagonal(alpha: number[], beta: number[]): { value: number; vector: Float64Array } {
  const m = alpha.length;
  const A = Array.from({ length: m }, (_, i) => {
    const r = new Float64Array(m);
    r[i] = alpha[i];
    if (i > 0) r[i - 1] = beta[i - 1];
    if (i < m - 1) r[i + 1] = beta[i];
    return r;
  });
  return topEigenSymmetric(A);
}
