// Where everything of one problem lives in the fast CPU engine's WebAssembly memory, how the work is
// split among threads, and the control words the threads synchronise on.
//
// A step is two phases. Forward (split over samples): P = W·Xᵀ, then per sample the outputs f, the
// loss terms ℓ(y f) and the backward coefficients D. Backward (split over features): W −= η·(D·X).
// Splitting over samples and features, never over a summed index, keeps every sum in one thread in
// one fixed order, so results do not depend on the thread count.

import type { LossConfig } from '../../core/config-types';
import { elementType, type KernelPrecision } from './kernels-wat';

/** Rows are padded to multiples of this (the kernels' tiles are 4 rows × `cols` columns). */
export const TILE = 4;
const F64 = 8;
/**
 * Bytes of columns per cache block in both kernels: 32 float64 or 64 float32 columns, a panel of X
 * of 256 B × n (or d) that stays in L2 while every row tile passes over it (measured at n = 1000,
 * d = 784, K = 8 and 64, blocks of 16, 32, 64 columns interleaved: these were best or tied).
 */
const BLOCK_BYTES = 256;
export const blockColumns = (plan: Plan): number => BLOCK_BYTES / plan.elem;

export const CMD = { forward: 1, gradient: 2, backward: 3, exit: 4 } as const;
/** Control words (Int32): the command generation (threads wait on it), the command, threads done. */
export const CTRL = { generation: 0, command: 1, done: 2, length: 4 } as const;

export const padTo = (v: number, q: number): number => Math.ceil(v / q) * q;

export interface Plan {
  kind: 'linear' | 'ntk';
  precision: KernelPrecision;
  /** Bytes per element of the matrices (X, W, G, P, D, η); f and the loss terms are always float64. */
  elem: number;
  /** Samples and features are padded to multiples of this (a tile's columns). */
  cols: number;
  n: number;
  d: number;
  /** Neurons per run (1 for the linear model). */
  m: number;
  K: number;
  /** Padded sizes: rows (K·m), samples, features. */
  rp: number;
  np: number;
  dp: number;
  /** Byte offsets in the memory. */
  x: number;
  xt: number;
  w: number;
  /** Gradients (rp × dp), filled only when a record asks for gradNorm. */
  g: number;
  p: number;
  dcoef: number;
  /** Per-row stepsize for the update: η_k, or 0 once run k has stopped (and for padding rows). */
  eta: number;
  /** −1 for every row: the gradient phase runs the update kernel with it into G = 0 − (−1)·DX. */
  minusOne: number;
  /** K × np outputs f and loss terms ℓ(y f). */
  f: number;
  lossTerms: number;
  bytes: number;
}

export function makePlan(kind: 'linear' | 'ntk', n: number, d: number, m: number, K: number, precision: KernelPrecision): Plan {
  const { bytes: elem, cols } = elementType(precision);
  const rp = padTo(K * m, TILE);
  const np = padTo(n, cols);
  const dp = padTo(d, cols);
  let at = 0;
  const region = (bytes: number) => (count: number): number => {
    const off = at;
    at += padTo(count * bytes, 16);
    return off;
  };
  const take = region(elem);
  const take64 = region(F64);
  const plan = {
    kind,
    precision,
    elem,
    cols,
    n,
    d,
    m,
    K,
    rp,
    np,
    dp,
    x: take(np * dp),
    xt: take(dp * np),
    w: take(rp * dp),
    g: take(rp * dp),
    p: take(rp * np),
    dcoef: take(rp * np),
    eta: take(rp),
    minusOne: take(rp),
    f: take64(K * np),
    lossTerms: take64(K * np),
  };
  return { ...plan, bytes: at };
}

/** Index (in doubles, from plan.dcoef) of D[r][i]: row tiles of 4, a tile's 4 rows adjacent per sample. */
export const dIndex = (np: number, r: number, i: number): number => ((r >> 2) * np + i) * TILE + (r & 3);

/** Tile-aligned range [lo, hi) of `total` (a multiple of `tile`) for thread `index` of `threads`. */
export function split(total: number, tile: number, threads: number, index: number): [number, number] {
  const tiles = total / tile;
  const base = Math.floor(tiles / threads);
  const extra = tiles % threads;
  const lo = index * base + Math.min(index, extra);
  return [lo * tile, (lo + base + (index < extra ? 1 : 0)) * tile];
}

/** What every thread needs besides the memory: the plan and the problem's small arrays. */
export interface ThreadInit {
  plan: Plan;
  loss: LossConfig;
  y: Float64Array;
  /** Output weights a_s and a_s/√m (NTK; empty for linear): the reference's two factors. */
  a: Float64Array;
  aScaled: Float64Array;
  scale: number;
  threads: number;
  index: number;
}
