// One thread's share of a step of the fast CPU engine: the WebAssembly kernels on its range of
// samples (forward) or features (backward), and the per-sample float64 work between them, written
// in the reference engine's order of operations (src/cpu/models.ts, objective.ts) so that the two
// agree bit for bit in float64 (in float32 mode, P, D and the weights are rounded to float32).
// Runs in a worker (serve.ts) or, with one thread, in the engine itself.

import { makeLoss, type Loss } from '../../core/losses';
import { blockColumns, CMD, dIndex, split, type Plan, type ThreadInit } from './plan';

interface Kernels {
  forward(w: number, xt: number, p: number, rp: number, np: number, dp: number, i0: number, i1: number, block: number): void;
  backward(d: number, x: number, w: number, eta: number, rp: number, np: number, dp: number, j0: number, j1: number, block: number): void;
}

export class ThreadWork {
  private readonly plan: Plan;
  private readonly loss: Loss;
  private readonly kernels: Kernels;
  private readonly samples: [number, number];
  private readonly features: [number, number];
  private readonly block: number;

  constructor(
    private readonly init: ThreadInit,
    private readonly memory: WebAssembly.Memory,
    module: WebAssembly.Module,
  ) {
    this.plan = init.plan;
    this.loss = makeLoss(init.loss);
    this.kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels;
    this.samples = split(this.plan.np, this.plan.cols, init.threads, init.index);
    this.features = split(this.plan.dp, this.plan.cols, init.threads, init.index);
    this.block = blockColumns(this.plan);
  }

  run(cmd: number): void {
    if (cmd === CMD.forward) this.forward();
    else if (cmd === CMD.gradient) this.gradient();
    else if (cmd === CMD.backward) this.backward();
  }

  /** P for this thread's samples, then f, ℓ(y f) and D (0 for stopped runs and inactive neurons). */
  private forward(): void {
    const p = this.plan;
    const [i0, i1] = this.samples;
    if (i0 === i1) return;
    this.kernels.forward(p.w, p.xt, p.p, p.rp, p.np, p.dp, i0, i1, this.block);
    const mem = matrices(p, this.memory);
    const f64 = new Float64Array(this.memory.buffer);
    const P = p.p / p.elem;
    const D = p.dcoef / p.elem;
    const F = p.f / 8;
    const L = p.lossTerms / 8;
    const eta = p.eta / p.elem;
    const { y, a, aScaled, scale } = this.init;
    const { n, m, np } = p;
    const end = Math.min(i1, n);
    for (let k = 0; k < p.K; k++) {
      const r0 = k * m;
      const live = mem[eta + r0] !== 0;
      for (let i = i0; i < end; i++) {
        let f: number;
        if (p.kind === 'linear') f = mem[P + r0 * np + i];
        else {
          f = 0;
          for (let s = 0; s < m; s++) {
            const pre = mem[P + (r0 + s) * np + i];
            if (pre > 0) f += a[s] * pre;
          }
          f *= scale;
        }
        const z = y[i] * f;
        f64[F + k * np + i] = f;
        f64[L + k * np + i] = this.loss.value(z);
        const c = live ? (y[i] * this.loss.d1(z)) / n : 0;
        if (p.kind === 'linear') mem[D + dIndex(np, r0, i)] = c;
        else {
          for (let s = 0; s < m; s++) {
            const on = c !== 0 && mem[P + (r0 + s) * np + i] > 0;
            mem[D + dIndex(np, r0 + s, i)] = on ? c * aScaled[s] : 0;
          }
        }
      }
    }
  }

  /** G = D·X for this thread's features (rows of stopped runs come out 0). */
  private gradient(): void {
    const p = this.plan;
    const [j0, j1] = this.features;
    if (j0 === j1) return;
    const mem = matrices(p, this.memory);
    for (let r = 0; r < p.rp; r++) mem.fill(0, p.g / p.elem + r * p.dp + j0, p.g / p.elem + r * p.dp + j1);
    this.kernels.backward(p.dcoef, p.x, p.g, p.minusOne, p.rp, p.np, p.dp, j0, j1, this.block);
  }

  /** W −= η·(D·X) for this thread's features. */
  private backward(): void {
    const p = this.plan;
    const [j0, j1] = this.features;
    if (j0 === j1) return;
    this.kernels.backward(p.dcoef, p.x, p.w, p.eta, p.rp, p.np, p.dp, j0, j1, this.block);
  }
}

/** The view of the memory in the matrices' element type. */
export function matrices(plan: Plan, memory: WebAssembly.Memory): Float64Array | Float32Array {
  return plan.precision === 'float64' ? new Float64Array(memory.buffer) : new Float32Array(memory.buffer);
}
