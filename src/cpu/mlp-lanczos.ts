// The top (largest algebraic) eigenvalue of a symmetric operator given by matrix–vector products:
// Lanczos with full reorthogonalization, explicitly restarted from the top Ritz vector every
// RESTART products. A network's Hessian is indefinite, so plain power iteration could lock onto a
// large negative eigenvalue; Lanczos does not (it is what Cohen et al. used, via scipy's eigsh).

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

/** Largest eigenvalue and its unit eigenvector of the symmetric tridiagonal (alpha, beta), by cyclic Jacobi. */
export function topEigenTridiagonal(alpha: number[], beta: number[]): { value: number; vector: Float64Array } {
  const m = alpha.length;
  const A = Array.from({ length: m }, (_, i) => {
    const r = new Float64Array(m);
    r[i] = alpha[i];
    if (i > 0) r[i - 1] = beta[i - 1];
    if (i < m - 1) r[i + 1] = beta[i];
    return r;
  });
  const V = Array.from({ length: m }, (_, i) => {
    const r = new Float64Array(m);
    r[i] = 1;
    return r;
  });
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += A[p][q] * A[p][q];
    if (off < 1e-30) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        if (Math.abs(A[p][q]) < 1e-300) continue;
        const theta = (A[q][q] - A[p][p]) / (2 * A[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = A[k][p];
          const akq = A[k][q];
          A[k][p] = c * akp - s * akq;
          A[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = A[p][k];
          const aqk = A[q][k];
          A[p][k] = c * apk - s * aqk;
          A[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = V[k][p];
          const vkq = V[k][q];
          V[k][p] = c * vkp - s * vkq;
          V[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < m; i++) if (A[i][i] > A[best][best]) best = i;
  const vector = new Float64Array(m);
  for (let k = 0; k < m; k++) vector[k] = V[k][best];
  return { value: A[best][best], vector };
}
