// The buffers and the prepared dispatches of the fully connected network on the GPU (model kind
// 'mlp'): K networks side by side (W: K×P, run k's flat vector at k·P in the layout of
// src/core/mlp.ts), per layer Z, A and δ as K×n×width, and every dispatch of a step built once at
// init (bind groups and uniforms included), so a step only records them (src/gpu/mlp-engine.ts).

import type { ExperimentConfig, MlpModelConfig } from '../core/config-types';
import type { Dataset } from '../core/data/dataset';
import { mlpInitialWeights, mlpLayout, mlpOutputs, type MlpLayout } from '../core/mlp';
import type { GpuContext } from './device';
import { bindByName, type Kernel, type KernelSet } from './kernels';
import { planMlpMemory, type MlpPlanShape, type PlanLimits } from './memory-plan';
import { LOSS_CODES } from './loss-codes';
import { NMET, RUN_WORDS } from './metrics-layout';
import { packUniform } from './reflect';

/** Metric slots per chunk: a chunk is up to SLOTS − 1 steps plus the measurement after them. */
export const MLP_SLOTS = 128;
/** Workgroups per matrix product that a software adapter gets (enough to keep its threads busy). */
const SOFTWARE_WORKGROUPS = 8;
const ACT = { relu: 0, tanh: 1, gelu: 2 } as const;
const S = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

export interface Dispatch {
  kernel: Kernel;
  bind: GPUBindGroup;
  grid: [number, number, number];
}

/** Buffers that differ between the step itself (W, ∇L) and the probes of w ± εv (Wp, ∇L(Wp)). */
interface WeightSet {
  W: GPUBuffer;
  grad: GPUBuffer;
}

interface MatmulShape {
  M: number;
  N: number;
  Kd: number;
  transA: number;
  transB: number;
  aBatch: number;
  bOff?: number;
  bBatch: number;
  cOff?: number;
  cBatch: number;
  biasOff?: number;
}

/** Records each dispatch of `list` into `pass`. */
export function encodeDispatches(pass: GPUComputePassEncoder, list: readonly Dispatch[]): void {
  for (const d of list) {
    pass.setPipeline(d.kernel.pipeline);
    pass.setBindGroup(0, d.bind);
    pass.dispatchWorkgroups(d.grid[0], d.grid[1], d.grid[2]);
  }
}

export class MlpResources {
  readonly layout: MlpLayout;
  readonly K: number;
  readonly n: number;
  /** Outputs per sample: 1 for a binary margin loss (which alone has an exponential loss), else the classes. */
  readonly C: number;
  private buffers: GPUBuffer[] = [];
  readonly W: GPUBuffer;
  readonly Wp: GPUBuffer;
  readonly grad: GPUBuffer;
  readonly gradP: GPUBuffer;
  readonly gradPlus: GPUBuffer;
  readonly V: GPUBuffer;
  readonly W0: GPUBuffer;
  /** struct Run per run: status, divergedAt (unused here), η, and the probes' offset scale. */
  readonly runs: GPUBuffer;
  readonly metrics: GPUBuffer;
  /** Two readback buffers that take turns, so chunk c+1 runs while chunk c's metrics are read. */
  readonly readbacks: [GPUBuffer, GPUBuffer];
  private readonly X: GPUBuffer;
  private readonly y: GPUBuffer;
  private readonly labels: GPUBuffer;
  private readonly dummy: GPUBuffer;
  private readonly Z: GPUBuffer[] = [];
  private readonly A: GPUBuffer[] = [];
  private readonly D: GPUBuffer[] = [];

  forwardMain: Dispatch[] = [];
  backwardMain: Dispatch[] = [];
  /** mlp_stats into metric slot s (index s). */
  stats: Dispatch[] = [];
  /** mlp_norms into metric slot s (index s). */
  norms: Dispatch[] = [];
  /** Forward, stats (no metrics), backward at Wp: ∇L(Wp) into gradP. */
  evalProbe: Dispatch[] = [];
  update!: Dispatch;
  /** Wp = W + scale_k · V. */
  probePrep!: Dispatch;

  constructor(
    private readonly ctx: GpuContext,
    private readonly kernels: KernelSet,
    private readonly config: ExperimentConfig,
    data: Dataset,
    limits: Pick<PlanLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize' | 'budgetBytes'>,
  ) {
    const model = config.model as MlpModelConfig;
    this.C = mlpOutputs(data);
    this.layout = mlpLayout(model, data.d, this.C);
    this.K = config.etas.length;
    this.n = data.n;
    // Plan first: a sweep that cannot fit is refused before a single buffer exists.
    planMlpMemory(this.K, data.n, mlpPlanShape(this.layout), limits);
    const { K, n } = this;
    const P = this.layout.size;
    const dev = ctx.device;
    this.X = this.buf('X', n * data.d * 4);
    dev.queue.writeBuffer(this.X, 0, Float32Array.from(data.x));
    this.y = this.buf('y', n * 4);
    dev.queue.writeBuffer(this.y, 0, Float32Array.from(data.y));
    this.labels = this.buf('labels', n * 4);
    dev.queue.writeBuffer(this.labels, 0, Uint32Array.from(data.labels ?? new Uint8Array(n)));
    const w0 = Float32Array.from(mlpInitialWeights(model, this.layout));
    this.W0 = this.buf('W0', P * 4);
    dev.queue.writeBuffer(this.W0, 0, w0);
    this.W = this.buf('W', K * P * 4);
    for (let k = 0; k < K; k++) dev.queue.writeBuffer(this.W, k * P * 4, w0);
    this.Wp = this.buf('Wp', K * P * 4);
    this.grad = this.buf('grad', K * P * 4);
    this.gradP = this.buf('gradP', K * P * 4);
    this.gradPlus = this.buf('gradPlus', K * P * 4);
    this.V = this.buf('V', K * P * 4);
    this.dummy = this.buf('dummy', 4);
    this.runs = this.buf('runs', K * RUN_WORDS * 4);
    const metricBytes = MLP_SLOTS * K * NMET * 4;
    this.metrics = this.buf('metrics', metricBytes);
    const read = GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
    this.readbacks = [this.buf('readMetrics 0', metricBytes, read), this.buf('readMetrics 1', metricBytes, read)];
    this.A[0] = this.X;
    this.D[0] = this.dummy;
    for (let l = 1; l <= this.layout.layers; l++) {
      const bytes = K * n * this.layout.dims[l] * 4;
      this.Z[l] = this.buf(`Z${l}`, bytes);
      this.A[l] = l < this.layout.layers ? this.buf(`A${l}`, bytes) : this.Z[l];
      this.D[l] = this.buf(`D${l}`, bytes);
    }
    this.buildDispatches();
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers = [];
  }

  private buf(label: string, bytes: number, usage = S): GPUBuffer {
    const b = this.ctx.device.createBuffer({ label, size: Math.max(4, Math.ceil(bytes / 4) * 4), usage });
    this.buffers.push(b);
    return b;
  }

  private buildDispatches(): void {
    const ks = this.kernels;
    const { K } = this;
    const P = this.layout.size;
    const main: WeightSet = { W: this.W, grad: this.grad };
    const probe: WeightSet = { W: this.Wp, grad: this.gradP };
    this.forwardMain = this.forward(main);
    this.backwardMain = this.backward(main);
    this.stats = Array.from({ length: MLP_SLOTS }, (_, slot) => this.statsFor(slot, false));
    this.evalProbe = [...this.forward(probe), this.statsFor(0, true), ...this.backward(probe)];
    this.norms = Array.from({ length: MLP_SLOTS }, (_, slot) =>
      this.mk(ks.mlp_norms, { P, slot, K, spare: 0 }, { W: this.W, W0: this.W0, grad: this.grad, metrics: this.metrics }, [K, 1, 1]),
    );
    const upd = (mode: number, bufs: Record<string, GPUBuffer>): Dispatch =>
      this.mk(ks.mlp_update, { count: P, K, mode, P, n: this.n, srcOff: 0, srcBatch: 0, dstOff: 0 }, { ...bufs, V: bufs.V ?? this.dummy, runs: this.runs }, linearGrid(K * P));
    this.update = upd(0, { Src: this.grad, Dst: this.W });
    this.probePrep = upd(1, { Src: this.W, V: this.V, Dst: this.Wp });
  }

  private mk(kernel: Kernel, values: Record<string, number>, bufs: Record<string, GPUBuffer>, grid: [number, number, number]): Dispatch {
    const u = this.buf(`${kernel.name} params`, kernel.reflection.uniform!.size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.ctx.device.queue.writeBuffer(u, 0, packUniform(kernel.reflection.uniform!, values));
    return { kernel, bind: bindByName(this.ctx.device, kernel, { P: u, ...bufs }), grid };
  }

  /** C = op(A)·op(B) (+ bias) for all K runs (mlp_matmul, 32×32 tiles). */
  private mm(v: MatmulShape, a: GPUBuffer, b: GPUBuffer, c: GPUBuffer): Dispatch {
    // Software adapters pay a fixed cost per workgroup (about a millisecond on SwiftShader), so
    // there a workgroup walks several column tiles; a hardware GPU gets one tile per workgroup.
    const tiles = Math.ceil(v.N / 32);
    const colTiles = this.ctx.software ? Math.max(1, Math.ceil((tiles * Math.ceil(v.M / 32) * this.K) / SOFTWARE_WORKGROUPS)) : 1;
    return this.mk(
      this.kernels.mlp_matmul,
      { aOff: 0, bOff: 0, cOff: 0, ...v, biasOff: v.biasOff ?? 0, hasBias: v.biasOff !== undefined ? 1 : 0, accumulate: 0, colTiles },
      { A: a, B: b, C: c },
      [Math.ceil(tiles / colTiles), Math.ceil(v.M / 32), this.K],
    );
  }

  private statsFor(slot: number, probe: boolean): Dispatch {
    const { n, C, config } = this;
    const L = this.layout;
    return this.mk(
      this.kernels.mlp_stats,
      { n, C, lossKind: LOSS_CODES[config.loss.kind], probe: probe ? 1 : 0, slot, fOff: 0, fBatch: n * C, lossA: config.loss.a, invN: 1 / n, logDiverge: Math.log(config.divergeAbove) },
      { F: this.Z[L.layers], y: this.y, labels: this.labels, G: this.D[L.layers], runs: this.runs, metrics: this.metrics },
      [this.K, 1, 1],
    );
  }

  private forward(set: WeightSet): Dispatch[] {
    const { n, K } = this;
    const L = this.layout;
    const act = ACT[(this.config.model as MlpModelConfig).activation];
    const out: Dispatch[] = [];
    for (let l = 1; l <= L.layers; l++) {
      const din = L.dims[l - 1];
      const dout = L.dims[l];
      const biasOff = L.bOff[l - 1] >= 0 ? L.bOff[l - 1] : undefined;
      out.push(this.mm({ M: n, N: dout, Kd: din, transA: 0, transB: 1, aBatch: l === 1 ? 0 : n * din, bOff: L.wOff[l - 1], bBatch: L.size, cBatch: n * dout, biasOff }, this.A[l - 1], set.W, this.Z[l]));
      if (l < L.layers) out.push(this.mk(this.kernels.mlp_act, { count: K * n * dout, mode: 0, act, spare: 0 }, { Z: this.Z[l], Out: this.A[l] }, linearGrid(K * n * dout)));
    }
    return out;
  }

  private backward(set: WeightSet): Dispatch[] {
    const { n, K } = this;
    const L = this.layout;
    const P = L.size;
    const act = ACT[(this.config.model as MlpModelConfig).activation];
    const out: Dispatch[] = [];
    for (let l = L.layers; l >= 1; l--) {
      const din = L.dims[l - 1];
      const dout = L.dims[l];
      out.push(this.mm({ M: dout, N: din, Kd: n, transA: 1, transB: 0, aBatch: n * dout, bBatch: l === 1 ? 0 : n * din, cOff: L.wOff[l - 1], cBatch: P }, this.D[l], this.A[l - 1], set.grad));
      if (L.bOff[l - 1] >= 0) {
        const bias = { count: dout, K, mode: 2, P, n, srcOff: 0, srcBatch: n * dout, dstOff: L.bOff[l - 1] };
        out.push(this.mk(this.kernels.mlp_update, bias, { Src: this.D[l], V: this.dummy, Dst: set.grad, runs: this.runs }, linearGrid(K * dout)));
      }
      if (l > 1) {
        out.push(this.mm({ M: n, N: din, Kd: dout, transA: 0, transB: 0, aBatch: n * dout, bOff: L.wOff[l - 1], bBatch: P, cBatch: n * din }, this.D[l], set.W, this.D[l - 1]));
        out.push(this.mk(this.kernels.mlp_act, { count: K * n * din, mode: 1, act, spare: 0 }, { Z: this.Z[l - 1], Out: this.D[l - 1] }, linearGrid(K * n * din)));
      }
    }
    return out;
  }
}

/** A 1-D grid of 256-thread workgroups over `count` elements, folded into y past the 65535 limit. */
function linearGrid(count: number): [number, number, number] {
  const groups = Math.ceil(count / 256);
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x), 1];
}

/** What the MLP's buffers take, for the memory planner (planMlpMemory): the counts this file allocates. */
export function mlpPlanShape(L: MlpLayout): MlpPlanShape {
  return { size: L.size, dims: L.dims, slots: MLP_SLOTS, metricsPerSlot: NMET, runBytes: RUN_WORDS * 4, readbacks: 2 };
}
