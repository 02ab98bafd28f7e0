// Every GPU buffer and bind group of one engine, allocated once from the memory plan: the data,
// the weights per neuron block, the scratch the kernels pass between them, the metric slots, and
// (when sharpness is asked for) the power iteration's vectors. Bind groups bind buffers to the
// kernels' WGSL variable names, so no binding index is written here.

import { momentumBeta } from '../core/config-optimizer';
import type { ExperimentConfig } from '../core/config-types';
import type { Dataset } from '../core/data/dataset';
import { outputSigns } from '../core/init';
import { norm, startVector } from '../cpu/sharpness';
import { bindByName, ntkStepKernels, type KernelSet } from './kernels';
import { PLAN_TILES, type MemoryPlan, type NeuronBlock } from './memory-plan';
import { NMET, RUN_WORDS, STATE_RUN0 } from './metrics-layout';
import { baseParams } from './params';
import { packUniform } from './reflect';

export interface BlockResources {
  block: NeuronBlock;
  /** The block's K weight vectors, then (momentum methods) their K velocities v = w_t − w_{t−1} (weight_step.wgsl). */
  W: GPUBuffer;
  W0: GPUBuffer;
  forward: GPUBindGroup;
  backwardUpdate: GPUBindGroup;
  backwardMeasure: GPUBindGroup;
  /** Nesterov: the forward at the look-ahead point u = w + βv (Params.lookAhead, forward_weight.wgsl); else null. */
  forwardLook: GPUBindGroup | null;
  /** Linear model: linear_update's groups (sum the chunks' partial gradients, update, norms); null for NTK. */
  applyUpdate: GPUBindGroup | null;
  applyMeasure: GPUBindGroup | null;
  /** This block's forward params (block offsets) and sign bits, reused by the sharpness kernels. */
  P: GPUBuffer;
  /** The values in P, for the sharpness's variant of it (sharpProduct = 1). */
  params: Record<string, number>;
  mask: GPUBuffer;
}

export interface SharpResources {
  /**
   * Linear model: the second half of the Hessian-vector product on the step's kernels,
   * linear_backward with the Hessian weights as coefficients (hvpPartials) and linear_hvp's sum
   * (hvp). The JVP of both models, and the NTK's HVP, are per block (below).
   */
  hvpPartials: GPUBindGroup | null;
  hvp: GPUBindGroup | null;
  /** Hessian weights ℓ''(z)/n · Jv from the JVP's partials (both models). */
  hcoef: GPUBindGroup;
  normalize: GPUBindGroup;
  /**
   * Per neuron block (one for the linear model): V is the power iteration's unit vector v, the warm
   * start of the next measurement, laid out as W; jvp the forward on V; hvp the NTK's backward on the
   * Hessian weights (null for the linear model).
   */
  blocks: { block: NeuronBlock; V: GPUBuffer; jvp: GPUBindGroup; hvp: GPUBindGroup | null; scale: GPUBindGroup }[];
}

/** Row-major n × d to row-major d × n, in fp32. */
function transpose(x: ArrayLike<number>, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[j * n + i] = x[i * d + j];
  return out;
}

const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

export class GpuResources {
  readonly blocks: BlockResources[];
  /** statsLook: stats in its coefOnly mode, for Nesterov's gradient at the look-ahead point. */
  readonly global: { stats: GPUBindGroup; statsLook: GPUBindGroup; finalize: GPUBindGroup; bump: GPUBindGroup };
  readonly sharp: SharpResources | null;
  /** distToOpt (linear model): dist_opt's group, with w* (fp32) in `Wopt`; null when not recorded. */
  readonly distOpt: GPUBindGroup | null;
  readonly state: GPUBuffer;
  readonly metrics: GPUBuffer;
  /** Two, so one chunk's metrics can be read while the next chunk runs. */
  readonly readbacks: GPUBuffer[];
  /** The data as the fused linear kernel binds it (fused-encoder.ts): X, y and, for linear, XT. */
  readonly linearData: Record<string, GPUBuffer>;
  private owned: GPUBuffer[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly kernels: KernelSet,
    private readonly config: ExperimentConfig,
    private readonly plan: MemoryPlan,
    data: Dataset,
    w0: Float32Array,
    /** NTK: bind the opt-in 128×128-tile forward and backward (GpuEngineOptions.ntkTile128). */
    ntkTile128 = false,
    /** The minimiser w* when distToOpt is recorded (linear model), else null. */
    optimum: Float32Array | null = null,
  ) {
    const { n, d, K } = plan;
    const linear = config.model.kind === 'linear';
    const X = this.buffer('X', n * d * 4, STORAGE, Float32Array.from(data.x));
    const y = this.buffer('y', n * 4, STORAGE, Float32Array.from(data.y));
    // The linear forward reads Xᵀ (d × n): its threads, one sample each, then read consecutive words.
    const XT = linear ? this.buffer('XT', n * d * 4, STORAGE, transpose(data.x, n, d)) : null;
    this.linearData = { X, y, ...(XT ? { XT } : {}) };
    const signs = this.buffer('signs', plan.m * 4, STORAGE, Float32Array.from(config.model.kind === 'ntk' ? outputSigns(config.model) : [0]));
    // The ℓ2 term's K × numChunks sums of (w − w0)² follow the forward partials (the forwards write them).
    const penalty = (config.loss.l2 ?? 0) > 0 ? K * plan.numChunks : 0;
    const partials = this.buffer('partials', (K * plan.numChunks * n + penalty) * 4, STORAGE);
    const coef = this.buffer('coef', K * n * 4, STORAGE);
    const zbuf = this.buffer('zbuf', K * n * 4, STORAGE);
    const normPartials = this.buffer('normPartials', K * plan.numNorm * 12, STORAGE);
    const gradPartials = linear ? this.buffer('gradPartials', K * plan.gradChunks * d * 4, STORAGE) : null;
    const linearScratch: Record<string, GPUBuffer> = XT && gradPartials ? { XT, gradPartials } : {};
    this.metrics = this.buffer('metrics', plan.slots * K * NMET * 4, STORAGE);
    this.state = this.buffer('state', (STATE_RUN0 + RUN_WORDS * K) * 4, STORAGE);
    const readBytes = plan.slots * K * NMET * 4 + this.state.size;
    this.readbacks = [0, 1].map((i) => this.buffer(`readback ${i}`, readBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST));
    const base = baseParams(config, plan, PLAN_TILES.ntkMaskWord);
    const common = { P: this.uniform('params', base), state: this.state, X, y, signs, partials, coef, zbuf, normPartials, metrics: this.metrics };
    const ks = kernels;
    this.global = {
      stats: bindByName(device, ks.stats, common),
      statsLook: bindByName(device, ks.stats, { ...common, P: this.uniform('params coefOnly', { ...base, coefOnly: 1 }) }),
      finalize: bindByName(device, ks.finalize, common),
      bump: bindByName(device, ks.bump, common),
    };
    const sgd = config.optimizer.kind === 'sgd';
    const nesterov = config.optimizer.kind === 'nesterov';
    // The velocities share the weights' buffer, after them, starting at 0.
    const velocities = momentumBeta(config.optimizer) !== null;
    this.blocks = plan.blocks.map((block, b) => {
      const rows = linear ? 1 : block.size;
      const off = linear ? 0 : block.start * d;
      // Every run starts from the same w_0 (DESIGN.md requirement 6).
      const img = new Float32Array((velocities ? 2 : 1) * K * rows * d);
      for (let k = 0; k < K; k++) img.set(w0.subarray(off, off + rows * d), k * rows * d);
      const W = this.buffer(`W${b}`, img.byteLength, STORAGE, img);
      const W0 = this.buffer(`W0_${b}`, rows * d * 4, STORAGE, w0.slice(off, off + rows * d));
      const mask = this.buffer(`mask${b}`, linear ? 4 : K * block.size * base.nTiles * 4, STORAGE);
      const vals = { ...base, blockStart: block.start, blockSize: rows, chunkBase: block.chunkBase, normBase: block.normBase, velBase: velocities ? K * rows * d : 0 };
      const P = this.uniform(`params ${b}`, vals);
      // The update variant: SGD takes one sample's gradient (coefficients stored /n, hence ×n).
      const Pu = this.uniform(`params update ${b}`, { ...vals, doUpdate: 1, sgd: sgd ? 1 : 0, cScale: sgd ? n : 1 });
      const res = { ...common, W, W0, mask, ...linearScratch };
      const ntk = ntkStepKernels(ks, ntkTile128);
      const fwd = linear ? ks.linear_forward : ntk.forward;
      const bwd = linear ? ks.linear_backward : ntk.backward;
      return {
        block,
        W,
        W0,
        forward: bindByName(device, fwd, { ...res, P }),
        backwardUpdate: bindByName(device, bwd, { ...res, P: Pu }),
        backwardMeasure: bindByName(device, bwd, { ...res, P }),
        forwardLook: nesterov ? bindByName(device, fwd, { ...res, P: this.uniform(`params look-ahead ${b}`, { ...vals, lookAhead: 1 }) }) : null,
        applyUpdate: linear ? bindByName(device, ks.linear_update, { ...res, P: Pu }) : null,
        applyMeasure: linear ? bindByName(device, ks.linear_update, { ...res, P }) : null,
        P,
        params: vals,
        mask,
      };
    });
    this.sharp = config.metrics.includes('sharpness') ? this.allocateSharpness({ ...common, ...linearScratch }) : null;
    const b0 = this.blocks[0];
    this.distOpt = optimum ? bindByName(device, ks.dist_opt, { P: b0.P, state: this.state, W: b0.W, metrics: this.metrics, Wopt: this.buffer('Wopt', d * 4, STORAGE, optimum) }) : null;
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
    this.owned = [];
  }

  /**
   * Buffers and bind groups of the power iteration; v starts as the reference's start vector. The
   * step's scratch (partials, gradPartials) is free by then: sharpness runs after the update.
   */
  private allocateSharpness(common: Record<string, GPUBuffer>): SharpResources {
    const { K, n, d } = this.plan;
    const ks = this.kernels;
    const linear = this.config.model.kind === 'linear';
    const v0 = startVector(linear ? d : this.plan.m * d);
    const nv = norm(v0);
    const shared = { ...common, coefH: this.buffer('coefH', K * n * 4, STORAGE), sharpScale: this.buffer('sharpScale', K * 4, STORAGE) };
    const blocks = this.blocks.map((b, i) => {
      const rows = linear ? 1 : b.block.size;
      const off = linear ? 0 : b.block.start * d;
      const img = new Float32Array(K * rows * d);
      for (let k = 0; k < K; k++) for (let q = 0; q < rows * d; q++) img[k * rows * d + q] = v0[off + q] / nv;
      const res = { ...shared, V: this.buffer(`V${i}`, img.byteLength, STORAGE, img), HV: this.buffer(`HV${i}`, img.byteLength, STORAGE), W0: b.W0, mask: b.mask, P: b.P };
      // The JVP is the forward with V where W goes (same tiles, same partials). The NTK kernels in their
      // sharpProduct mode: ntk_forward reads the step's ReLU pattern instead of writing it, and
      // ntk_backward writes Jᵀh into HV (bound as W) with vᵀHv from V (bound as W0).
      const Pp = linear ? b.P : this.uniform(`params sharpness ${i}`, { ...b.params, sharpProduct: 1 });
      const jvp = bindByName(this.device, linear ? ks.linear_forward : ks.ntk_forward, { ...res, W: res.V, P: Pp });
      return {
        block: b.block,
        res,
        jvp,
        hvp: linear ? null : bindByName(this.device, ks.ntk_backward, { ...res, W: res.HV, W0: res.V, coef: shared.coefH, P: Pp }),
        scale: bindByName(this.device, ks.sharp_scale, res),
      };
    });
    // Linear: the backward's kernels with the Hessian weights where the gradient's coefficients go.
    const hvpRes = { ...blocks[0].res, coef: shared.coefH };
    return {
      hvpPartials: linear ? bindByName(this.device, ks.linear_backward, hvpRes) : null,
      hvp: linear ? bindByName(this.device, ks.linear_hvp, hvpRes) : null,
      hcoef: bindByName(this.device, ks.sharp_hcoef, shared),
      normalize: bindByName(this.device, ks.sharp_normalize, shared),
      blocks: blocks.map(({ block, res, jvp, hvp, scale }) => ({ block, V: res.V, jvp, hvp, scale })),
    };
  }

  private buffer(label: string, bytes: number, usage: number, init?: ArrayBufferView): GPUBuffer {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const buf = this.device.createBuffer({ label, size, usage, mappedAtCreation: init !== undefined });
    if (init) {
      new Uint8Array(buf.getMappedRange()).set(new Uint8Array(init.buffer, init.byteOffset, init.byteLength));
      buf.unmap();
    }
    this.owned.push(buf);
    return buf;
  }

  /** A uniform buffer with `values` at the offsets reflection found in the kernels' Params struct. */
  private uniform(label: string, values: Record<string, number>): GPUBuffer {
    const layout = this.kernels.stats.reflection.uniform;
    if (!layout) throw new Error('stats.wgsl declares no uniform');
    const img = packUniform(layout, values);
    return this.buffer(label, img.byteLength, GPUBufferUsage.UNIFORM, new Uint8Array(img));
  }
}
