// The fully connected network in float64, for all n samples at once: the loss, its gradient by
// backpropagation, and exact Hessian-vector products by Pearlmutter's R-operator (forward-over-
// reverse: the directional derivative R{·} = d/dε (·)(w + εv) at ε = 0 pushed through the forward
// and the backward pass). Layout and init: src/core/mlp.ts.
//
// Forward: a_0 = x, z_l = W_l a_{l−1} + b_l, a_l = σ(z_l), f = z_L. With G = ∂L/∂f (per sample, the
// 1/n included): δ_L = G, ∇W_l = Σ_i δ_l a_{l−1}ᵀ, ∇b_l = Σ_i δ_l, u_l = W_lᵀ δ_l,
// δ_{l−1} = σ′(z_{l−1}) ⊙ u_l.
// R-op along v = (V_l, c_l): R z_l = V_l a_{l−1} + W_l R a_{l−1} + c_l, R a_l = σ′(z_l) ⊙ R z_l,
// R δ_L = (∂²ℓ/∂f²) R f / n, R∇W_l = Σ_i (R δ_l a_{l−1}ᵀ + δ_l R a_{l−1}ᵀ), R∇b_l = Σ_i R δ_l,
// R δ_{l−1} = σ″(z_{l−1}) ⊙ R z_{l−1} ⊙ u_l + σ′(z_{l−1}) ⊙ (W_lᵀ R δ_l + V_lᵀ δ_l).
// Then (R∇W, R∇b) = ∇²L v exactly (ReLU: σ″ = 0 off the measure-zero kinks, where σ′(0) = 0).

import type { Activation } from '../core/config-types';
import type { Dataset } from '../core/data/dataset';
import type { MlpLayout } from '../core/mlp';
import type { OutputLoss } from '../core/output-losses';

export interface ActivationFns {
  f(x: number): number;
  d1(x: number): number;
  d2(x: number): number;
}

const GELU_K = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

/**
 * σ, σ′, σ″. GELU is the tanh form 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's
 * approximate='tanh'), which WGSL can evaluate as exactly as float64 here.
 */
export function activationFns(kind: Activation): ActivationFns {
  switch (kind) {
    case 'relu':
      return { f: (x) => (x > 0 ? x : 0), d1: (x) => (x > 0 ? 1 : 0), d2: () => 0 };
    case 'tanh':
      return {
        f: Math.tanh,
        d1: (x) => {
          const t = Math.tanh(x);
          return 1 - t * t;
        },
        d2: (x) => {
          const t = Math.tanh(x);
          return -2 * t * (1 - t * t);
        },
      };
    case 'gelu':
      return {
        f: (x) => 0.5 * x * (1 + Math.tanh(GELU_K * (x + GELU_C * x * x * x))),
        d1: (x) => {
          const t = Math.tanh(GELU_K * (x + GELU_C * x * x * x));
          const du = GELU_K * (1 + 3 * GELU_C * x * x);
          return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
        },
        d2: (x) => {
          const t = Math.tanh(GELU_K * (x + GELU_C * x * x * x));
          const s = 1 - t * t;
          const du = GELU_K * (1 + 3 * GELU_C * x * x);
          const ddu = GELU_K * 6 * GELU_C * x;
          // d/dx [0.5(1+t) + 0.5 x s du] with dt/dx = s du, ds/dx = −2 t s du.
          return s * du + 0.5 * x * (-2 * t * s * du * du + s * ddu);
        },
      };
  }
}

/** One network evaluated on the whole data set; buffers are reused between calls. */
export class MlpNet {
  readonly size: number;
  readonly n: number;
  readonly C: number;
  private readonly act: ActivationFns;
  /** Z[l], A[l]: n × dims[l] (A[0] is the data; Z[0] unused). Z[L] = A[L] = f. */
  readonly Z: Float64Array[];
  readonly A: Float64Array[];
  /** δ_l and u_l = δ_l W_l (n × dims[l−1]) from the last backward. */
  private readonly D: Float64Array[];
  private readonly U: Float64Array[];
  private readonly RZ: Float64Array[];
  private readonly RA: Float64Array[];
  private readonly RD: Float64Array[];
  private readonly G: Float64Array;
  /** The nonzero features of each sample (CSR: MNIST pixels are ~80% zero), for the first layer. */
  private readonly xStart: Uint32Array;
  private readonly xIndex: Uint32Array;

  constructor(
    readonly layout: MlpLayout,
    activation: Activation,
    readonly data: Dataset,
    readonly loss: OutputLoss,
  ) {
    const { dims, layers } = layout;
    this.size = layout.size;
    this.n = data.n;
    this.C = dims[layers];
    this.act = activationFns(activation);
    const buf = (l: number) => new Float64Array(data.n * dims[l]);
    this.Z = dims.map((_, l) => (l === 0 ? new Float64Array(0) : buf(l)));
    this.A = dims.map((_, l) => (l === 0 ? data.x : l === layers ? this.Z[l] : buf(l)));
    this.D = dims.map((_, l) => (l === 0 ? new Float64Array(0) : buf(l)));
    this.U = dims.map((_, l) => (l === 0 ? new Float64Array(0) : buf(l - 1)));
    this.RZ = dims.map((_, l) => (l === 0 ? new Float64Array(0) : buf(l)));
    this.RA = dims.map((_, l) => (l === 0 ? new Float64Array(data.n * dims[0]) : l === layers ? this.RZ[l] : buf(l)));
    this.RD = dims.map((_, l) => (l === 0 ? new Float64Array(0) : buf(l)));
    this.G = buf(layers);
    const d = data.d;
    this.xStart = new Uint32Array(data.n + 1);
    const idx: number[] = [];
    for (let i = 0; i < data.n; i++) {
      for (let j = 0; j < d; j++) if (data.x[i * d + j] !== 0) idx.push(j);
      this.xStart[i + 1] = idx.length;
    }
    this.xIndex = Uint32Array.from(idx);
  }

  /** The outputs f (n × C, row-major) after forward(). */
  get outputs(): Float64Array {
    return this.Z[this.layout.layers];
  }

  /** Forward pass at w; returns the mean loss (a plain sum of non-negative terms, so tiny losses keep their digits). */
  forward(w: Float64Array): number {
    const { dims, layers } = this.layout;
    for (let l = 1; l <= layers; l++) {
      this.affine(w, l, this.A[l - 1], this.Z[l], false);
      if (l < layers) {
        const z = this.Z[l];
        const a = this.A[l];
        for (let j = 0; j < z.length; j++) a[j] = this.act.f(z[j]);
      }
    }
    const f = this.outputs;
    const C = dims[layers];
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.loss.value(f, i * C, i);
    return s / this.n;
  }

  /** Number of correctly classified samples after forward(). */
  correctCount(): number {
    const f = this.outputs;
    let c = 0;
    for (let i = 0; i < this.n; i++) if (this.loss.correct(f, i * this.C, i)) c++;
    return c;
  }

  /** ∇L at the w of the last forward() into out; keeps δ_l, u_l for hvp(). */
  backward(w: Float64Array, out: Float64Array): void {
    const f = this.outputs;
    for (let i = 0; i < this.n; i++) this.loss.grad(f, i * this.C, i, 1 / this.n, this.G);
    this.D[this.layout.layers].set(this.G);
    this.backprop(w, null, this.D, this.A, null, out, false);
  }

  /** ∇²L(w) v into out, at the w of the last forward() and backward(). */
  hvp(w: Float64Array, v: Float64Array, out: Float64Array): void {
    const { layers } = this.layout;
    // R-forward (R a_0 = 0).
    for (let l = 1; l <= layers; l++) {
      this.affine(v, l, this.A[l - 1], this.RZ[l], false);
      if (l > 1) this.affine(w, l, this.RA[l - 1], this.RZ[l], true, false);
      if (l < layers) {
        const z = this.Z[l];
        const rz = this.RZ[l];
        const ra = this.RA[l];
        for (let j = 0; j < z.length; j++) ra[j] = this.act.d1(z[j]) * rz[j];
      }
    }
    const f = this.outputs;
    const rd = this.RD[layers];
    for (let i = 0; i < this.n; i++) this.loss.hvp(f, i * this.C, i, this.RZ[layers], 1 / this.n, rd);
    this.backprop(w, v, this.RD, this.A, this.RA, out, true);
  }

  /**
   * out[l] (n × dims[l]) (+)= a (n × dims[l−1]) · W_lᵀ, plus b_l when `bias` (the weights read from
   * `w`, which may be the direction v).
   */
  private affine(w: Float64Array, l: number, a: Float64Array, out: Float64Array, accumulate: boolean, bias = true): void {
    const { dims, wOff, bOff } = this.layout;
    const din = dims[l - 1];
    const dout = dims[l];
    const wo = wOff[l - 1];
    const bo = bOff[l - 1];
    const sparse = a === this.data.x;
    const { xStart, xIndex } = this;
    for (let i = 0; i < this.n; i++) {
      const ai = i * din;
      for (let o = 0; o < dout; o++) {
        const ro = wo + o * din;
        let s = bias && bo >= 0 ? w[bo + o] : 0;
        if (sparse) {
          for (let q = xStart[i]; q < xStart[i + 1]; q++) {
            const j = xIndex[q];
            s += a[ai + j] * w[ro + j];
          }
        } else for (let j = 0; j < din; j++) s += a[ai + j] * w[ro + j];
        if (accumulate) out[i * dout + o] += s;
        else out[i * dout + o] = s;
      }
    }
  }

  /**
   * The backward sweep, shared by the gradient and the R-backward. `deltas[L]` must hold the output
   * adjoint. Gradient mode (rmode false): δ, u are stored in D, U. R mode: deltas = RD, and the extra
   * terms with δ_l (from D), R a_{l−1} (ra) and V_l (from v) are added.
   */
  private backprop(
    w: Float64Array,
    v: Float64Array | null,
    deltas: Float64Array[],
    A: Float64Array[],
    ra: Float64Array[] | null,
    out: Float64Array,
    rmode: boolean,
  ): void {
    const { dims, layers, wOff, bOff } = this.layout;
    const n = this.n;
    out.fill(0);
    for (let l = layers; l >= 1; l--) {
      const din = dims[l - 1];
      const dout = dims[l];
      const wo = wOff[l - 1];
      const bo = bOff[l - 1];
      const d = deltas[l];
      const aPrev = A[l - 1];
      // ∇W_l += Σ_i d_i a_{l−1,i}ᵀ (and in R mode + δ_i R a_{l−1,i}ᵀ); ∇b_l += Σ_i d_i.
      for (let i = 0; i < n; i++) {
        for (let o = 0; o < dout; o++) {
          const g = d[i * dout + o];
          if (bo >= 0) out[bo + o] += g;
          if (g === 0) continue;
          const ro = wo + o * din;
          const ai = i * din;
          if (l === 1) {
            for (let q = this.xStart[i]; q < this.xStart[i + 1]; q++) {
              const j = this.xIndex[q];
              out[ro + j] += g * aPrev[ai + j];
            }
          } else for (let j = 0; j < din; j++) out[ro + j] += g * aPrev[ai + j];
        }
      }
      if (rmode && l > 1) {
        const dl = this.D[l];
        const rap = ra![l - 1];
        for (let i = 0; i < n; i++) {
          for (let o = 0; o < dout; o++) {
            const g = dl[i * dout + o];
            if (g === 0) continue;
            const ro = wo + o * din;
            const ai = i * din;
            for (let j = 0; j < din; j++) out[ro + j] += g * rap[ai + j];
          }
        }
      }
      if (l === 1) break;
      // u = d W_l (n × din); R mode: + δ_l V_l.
      const u = rmode ? new Float64Array(n * din) : this.U[l];
      u.fill(0);
      for (let i = 0; i < n; i++) {
        const ui = i * din;
        for (let o = 0; o < dout; o++) {
          const g = d[i * dout + o];
          if (g !== 0) {
            const ro = wo + o * din;
            for (let j = 0; j < din; j++) u[ui + j] += g * w[ro + j];
          }
          if (rmode) {
            const h = this.D[l][i * dout + o];
            if (h !== 0) {
              const ro = wo + o * din;
              for (let j = 0; j < din; j++) u[ui + j] += h * v![ro + j];
            }
          }
        }
      }
      const z = this.Z[l - 1];
      const next = deltas[l - 1];
      if (!rmode) {
        for (let j = 0; j < next.length; j++) next[j] = this.act.d1(z[j]) * u[j];
      } else {
        const ul = this.U[l];
        const rz = this.RZ[l - 1];
        for (let j = 0; j < next.length; j++) next[j] = this.act.d2(z[j]) * rz[j] * ul[j] + this.act.d1(z[j]) * u[j];
      }
    }
  }
}
