// Sharpness of K runs at once on the host in float64: K Lanczos processes (full reorthogonalization,
// restarted every RESTART products, as src/cpu/mlp-lanczos.ts) stepped in lockstep, so every
// operator application is one batched GPU evaluation for all runs. Runs whose `active` flag is off
// get NaN.

import { topEigenTridiagonal } from '../cpu/mlp-lanczos';

const RESTART = 32;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/**
 * Top eigenvalue of each run's operator. `apply(vs, outs)` computes outs[k] = H_k vs[k] for every
 * active k. vs[k] (start vectors) are replaced by the top Ritz vectors.
 */
export async function lanczosTopBatch(
  apply: (vs: Float64Array[], outs: Float64Array[]) => Promise<void>,
  vs: Float64Array[],
  active: boolean[],
  products: number,
  fallback: () => Float64Array,
): Promise<number[]> {
  const K = vs.length;
  const P = vs[0]?.length ?? 0;
  const top = new Array<number>(K).fill(NaN);
  for (let k = 0; k < K; k++) {
    if (!active[k]) continue;
    let nv = Math.sqrt(dot(vs[k], vs[k]));
    if (!(nv > 0) || !Number.isFinite(nv)) {
      vs[k].set(fallback());
      nv = Math.sqrt(dot(vs[k], vs[k]));
    }
    for (let j = 0; j < P; j++) vs[k][j] /= nv;
  }
  let left = Math.max(1, products);
  while (left > 0) {
    const m = Math.min(RESTART, left, P);
    left -= m;
    const Q: Float64Array[][] = vs.map((v) => [v.slice()]);
    const alpha: number[][] = vs.map(() => []);
    const beta: number[][] = vs.map(() => []);
    const open = active.slice();
    const outs = vs.map(() => new Float64Array(P));
    for (let it = 0; it < m; it++) {
      if (!open.some((o) => o)) break;
      const cur = Q.map((q, k) => (open[k] ? q[it] : new Float64Array(P)));
      await apply(cur, outs);
      for (let k = 0; k < K; k++) {
        if (!open[k]) continue;
        const w = outs[k];
        alpha[k].push(dot(cur[k], w));
        for (let pass = 0; pass < 2; pass++) {
          for (const q of Q[k]) {
            const c = dot(q, w);
            for (let j = 0; j < P; j++) w[j] -= c * q[j];
          }
        }
        const b = Math.sqrt(dot(w, w));
        if (it === m - 1 || !(b > 1e-12 * Math.max(1, Math.abs(alpha[k][it])))) {
          open[k] = false;
          continue;
        }
        beta[k].push(b);
        const q = new Float64Array(P);
        for (let j = 0; j < P; j++) q[j] = w[j] / b;
        Q[k].push(q);
      }
    }
    for (let k = 0; k < K; k++) {
      if (!active[k]) continue;
      const a = alpha[k];
      if (a.length === 0) continue;
      const { value, vector } = topEigenTridiagonal(a, beta[k].slice(0, a.length - 1));
      top[k] = value;
      const v = vs[k];
      v.fill(0);
      for (let i = 0; i < a.length; i++) {
        const c = vector[i];
        const q = Q[k][i];
        for (let j = 0; j < P; j++) v[j] += c * q[j];
      }
      const n2 = Math.sqrt(dot(v, v));
      for (let j = 0; j < P; j++) v[j] /= n2;
    }
  }
  return top;
}
