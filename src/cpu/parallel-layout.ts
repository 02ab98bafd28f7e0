// What the fast CPU engine (parallel-engine.ts) and its workers (parallel-worker.ts) share: the
// SharedArrayBuffers of one problem and the control words they synchronise on.
//
// Each worker owns a slice of the parameters (features for the linear model, neurons for the NTK
// network) for all K runs. A step is two phases: forward (each worker writes partial outputs of
// its slice for every sample and run), then, after the main thread has summed them into the
// coefficients c_i = y_i ℓ′(z_i)/n, backward (each worker forms the gradient of its slice and
// updates it). No two workers ever write the same word.

export const CMD = { forward: 1, backward: 2, exit: 3 } as const;

/** Control words (Int32): the command generation (workers wait on it), the command, workers done. */
export const CTRL = { generation: 0, command: 1, done: 2 } as const;

export interface SharedProblem {
  kind: 'linear' | 'ntk';
  n: number;
  d: number;
  /** Neurons (1 for the linear model). */
  m: number;
  K: number;
  threads: number;
  /** n×d samples, row-major. */
  x: SharedArrayBuffer;
  /** K×P weights (P = d or m·d), run k at k·P. */
  w: SharedArrayBuffer;
  /** threads×K×n partial outputs. */
  partial: SharedArrayBuffer;
  /** K×n coefficients y_i ℓ′(z_i)/n of the current step. */
  coef: SharedArrayBuffer;
  /** K stepsizes for this step's update; 0 for runs that have stopped. */
  eta: SharedArrayBuffer;
  /** m output weights a_s/√m (NTK). */
  a: SharedArrayBuffer;
  ctrl: SharedArrayBuffer;
}

export interface WorkerInit {
  problem: SharedProblem;
  index: number;
}

/** Slice [lo, hi) of `total` units for worker `index` of `threads` (sizes differ by at most one). */
export function slice(total: number, threads: number, index: number): [number, number] {
  const base = Math.floor(total / threads);
  const extra = total % threads;
  const lo = index * base + Math.min(index, extra);
  return [lo, lo + base + (index < extra ? 1 : 0)];
}
