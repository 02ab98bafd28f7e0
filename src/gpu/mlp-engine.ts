// The WebGPU engine for the fully connected network (model kind 'mlp'): K networks, one per η,
// side by side in GPU memory (W: K×P, each run's flat vector in the layout of src/core/mlp.ts), all
// from the same w_0, advanced by the same dispatches. src/gpu/backend.ts picks it for MLP configs.
//
// One step (all runs, no host round trip): for l = 1..L, Z_l = A_{l−1} W_lᵀ + b_l (mlp_matmul) and
// A_l = σ(Z_l) (mlp_act); mlp_stats: ln L (log-sum-exp), correct count, divergence, ln of the
// exponential loss (one logit; NaN for multi-class data, as on the CPU), and the output
// adjoint δ_L = ∂L/∂f; for l = L..1, ∇W_l = δ_lᵀ A_{l−1} (mlp_matmul), ∇b_l = Σ_i δ_l (mlp_update
// mode 2), δ_{l−1} = σ′(Z_{l−1}) ⊙ δ_l W_l (mlp_matmul + mlp_act); at recorded steps ‖∇L‖ and
// ‖w − w0‖ (mlp_norms); then W −= η ∇L (mlp_update). Steps are encoded back to back, up to SLOTS−1
// per submit, with one metrics readback per submit.
//
// Sharpness (at recorded steps that ask for it): Lanczos in float64 on the host (src/gpu/mlp-
// sharpness.ts), each Hessian-vector product for all runs at once as a central difference of GPU
// gradients, H v ≈ (∇L(w + εv) − ∇L(w − εv)) / (2ε) with ‖v‖ = 1. Error bound:
//   ‖e‖ ≤ ε²/6 · sup ‖∇³L‖ (truncation; smooth activations) + δ_g/ε (δ_g: the fp32 error of one
//   computed gradient, ~1e-7 here),
// so ε = 1e-2 (tanh, GELU) keeps both terms near 1e-5 of the sharpness. ReLU's gradient jumps
// where a unit's pre-activation changes sign between w ± εv, which the formula above does not
// cover; ε = 1e-4 makes a flip unlikely (|Δz| ≤ ε‖x‖ per unit) while δ_g/ε stays ~1e-3 absolute.
// The GPU tests (tests/gpu/mlp.test.ts) hold the result to the float64 Lanczos value on exact
// R-op products: observed within 3e-5 relative for all three activations; asserted within 2e-3.

import type { DataDims } from '../core/budget';
import type { ExperimentConfig, MetricName, MlpModelConfig } from '../core/config-types';
import { largestFitting, type AdvanceResult, type BatchFit, type BatchLimitedEngine, type EngineInfo, type EngineState, type MetricRecord, type Problem, type RecordRequest, type RunStatus } from '../core/engine';
import { mlpInitialWeights, mlpLayout, mlpOutputs, type MlpLayout } from '../core/mlp';
import { startVector } from '../cpu/sharpness';
import type { GpuContext } from './device';
import { engineContext, gpuEngineInfo, planLimits, type GpuDeviceOptions } from './engine-context';
import { bindByName, compileKernels, kernelsFor, type Kernel, type KernelSet } from './kernels';
import { PlanError, planMlpMemory, type MlpPlanShape } from './memory-plan';
import { lanczosTopBatch } from './mlp-sharpness';
import { readBuffer } from './read-buffer';
import { packUniform, wgslConst } from './reflect';
import { shaderSources } from './shader-sources';
import { checkAdvance, checkStateShape, emptyValues } from '../core/engine-records';

/** ε of the central differences: ReLU's gradient jumps where a unit's sign flips, so it takes a smaller one. */
export function fdEps(activation: MlpModelConfig['activation']): number {
  return activation === 'relu' ? 1e-4 : 1e-2;
}
const SLOTS = 128;
/** Workgroups per matrix product that a software adapter gets (enough to keep its threads busy). */
const SOFTWARE_WORKGROUPS = 8;
/** Metrics per slot and run: ln L, correct count, ‖∇L‖², ‖w − w0‖², ln mean e^{−z} (NM of mlp_stats and mlp_norms). */
const NM = 5;
const ACT = { relu: 0, tanh: 1, gelu: 2 } as const;
const LOSS = { logistic: 0, exponential: 1, flatExp: 2, flatPoly: 3, softmaxCE: 4, mse: 5 } as const;
const S = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

interface Dispatch {
  kernel: Kernel;
  bind: GPUBindGroup;
  grid: [number, number, number];
}

/** Buffers that differ between the step itself (W, ∇L) and the probes of w ± εv (Wp, ∇L(Wp)). */
interface WeightSet {
  W: GPUBuffer;
  grad: GPUBuffer;
}

export class MlpGpuEngine implements BatchLimitedEngine {
  info: EngineInfo = { kind: 'gpu', name: 'WebGPU (not initialised)', precision: 'float32' };
  private ctx!: GpuContext;
  private kernels!: KernelSet;
  private config!: ExperimentConfig;
  private layout!: MlpLayout;
  private K = 0;
  private n = 0;
  /** Outputs per sample: 1 for a binary margin loss (which alone has an exponential loss), else the classes. */
  private C = 1;
  private buffers: GPUBuffer[] = [];
  private W!: GPUBuffer;
  private Wp!: GPUBuffer;
  private grad!: GPUBuffer;
  private gradP!: GPUBuffer;
  private gradPlus!: GPUBuffer;
  private V!: GPUBuffer;
  private runs!: GPUBuffer;
  private metrics!: GPUBuffer;
  private readMetrics!: GPUBuffer;
  private forwardMain: Dispatch[] = [];
  private backwardMain: Dispatch[] = [];
  private stats: Dispatch[] = [];        // per metric slot
  private evalProbe: Dispatch[] = [];
  private norms: Dispatch[] = [];        // per slot
  private update!: Dispatch;
  private probePrep!: Dispatch;
  private currentStep = 0;
  private status: RunStatus[] = [];
  private divergedAt: number[] = [];
  private eigenvectors: Float64Array[] = [];
  private eps = 1e-2;

  constructor(private readonly opts: GpuDeviceOptions = {}) {}

  get step(): number {
    return this.currentStep;
  }

  async init(problem: Problem): Promise<void> {
    const { config, data } = problem;
    if (config.model.kind !== 'mlp') throw new Error('MlpGpuEngine: the model must be an mlp');
    if (config.optimizer.kind !== 'gd') throw new Error('MlpGpuEngine: the mlp model trains with full-batch GD only');
    this.dispose();
    this.ctx = await engineContext(this.opts);
    if (this.ctx.lostReason) throw new Error(this.ctx.lostReason);
    this.kernels = await compileKernels(this.ctx.device, this.opts.sources ?? shaderSources, kernelsFor('mlp'));
    this.info = gpuEngineInfo(this.ctx);
    this.config = config;
    const model: MlpModelConfig = config.model;
    const C = (this.C = mlpOutputs(data));
    const L = mlpLayout(model, data.d, C);
    this.layout = L;
    this.eps = fdEps(model.activation);
    const K = (this.K = config.etas.length);
    const n = (this.n = data.n);
    const P = L.size;
    planMlpMemory(K, n, this.planShape(L), planLimits(this.ctx, this.opts));
    const dev = this.ctx.device;
    const buf = (label: string, bytes: number, usage = S): GPUBuffer => {
      const b = dev.createBuffer({ label, size: Math.max(4, Math.ceil(bytes / 4) * 4), usage });
      this.buffers.push(b);
      return b;
    };
    const X = buf('X', n * data.d * 4);
    dev.queue.writeBuffer(X, 0, Float32Array.from(data.x));
    const y = buf('y', n * 4);
    dev.queue.writeBuffer(y, 0, Float32Array.from(data.y));
    const labels = buf('labels', n * 4);
    dev.queue.writeBuffer(labels, 0, Uint32Array.from(data.labels ?? new Uint8Array(n)));
    const w0 = Float32Array.from(mlpInitialWeights(model, L));
    const W0 = buf('W0', P * 4);
    dev.queue.writeBuffer(W0, 0, w0);
    this.W = buf('W', K * P * 4);
    for (let k = 0; k < K; k++) dev.queue.writeBuffer(this.W, k * P * 4, w0);
    this.Wp = buf('Wp', K * P * 4);
    this.grad = buf('grad', K * P * 4);
    this.gradP = buf('gradP', K * P * 4);
    this.gradPlus = buf('gradPlus', K * P * 4);
    this.V = buf('V', K * P * 4);
    const dummy = buf('dummy', 4);
    this.runs = buf('runs', K * 16);
    this.metrics = buf('metrics', SLOTS * K * NM * 4);
    this.readMetrics = buf('readMetrics', SLOTS * K * NM * 4 + K * 16, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const Z: GPUBuffer[] = [];
    const A: GPUBuffer[] = [X];
    const D: GPUBuffer[] = [dummy];
    for (let l = 1; l <= L.layers; l++) {
      const bytes = K * n * L.dims[l] * 4;
      Z[l] = buf(`Z${l}`, bytes);
      A[l] = l < L.layers ? buf(`A${l}`, bytes) : Z[l];
      D[l] = buf(`D${l}`, bytes);
    }

    const uni = (kernel: Kernel, values: Record<string, number>): GPUBuffer => {
      const u = buf(`${kernel.name} params`, kernel.reflection.uniform!.size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      dev.queue.writeBuffer(u, 0, packUniform(kernel.reflection.uniform!, values));
      return u;
    };
    const ks = this.kernels;
    for (const kern of [ks.mlp_stats, ks.mlp_norms]) {
      if (wgslConst(kern.code, 'NM') !== NM) throw new Error(`${kern.name}.wgsl NM differs from the engine's ${NM} metrics per slot`);
    }
    const mk = (kernel: Kernel, values: Record<string, number>, bufs: Record<string, GPUBuffer>, grid: [number, number, number]): Dispatch => ({
      kernel,
      bind: bindByName(dev, kernel, { P: uni(kernel, values), ...bufs }),
      grid,
    });
    const linearGrid = (count: number): [number, number, number] => {
      const groups = Math.ceil(count / 256);
      const x = Math.min(groups, 65535);
      return [x, Math.ceil(groups / x), 1];
    };
    const mm = (
      v: { M: number; N: number; Kd: number; transA: number; transB: number; aOff?: number; aBatch: number; bOff?: number; bBatch: number; cOff?: number; cBatch: number; biasOff?: number },
      a: GPUBuffer,
      b: GPUBuffer,
      c: GPUBuffer,
    ): Dispatch => {
      // Software adapters pay a fixed cost per workgroup (about a millisecond on SwiftShader), so
      // there a workgroup walks several column tiles; a hardware GPU gets one tile per workgroup.
      const tiles = Math.ceil(v.N / 32);
      const colTiles = this.ctx.software ? Math.max(1, Math.ceil((tiles * Math.ceil(v.M / 32) * K) / SOFTWARE_WORKGROUPS)) : 1;
      return mk(
        ks.mlp_matmul,
        { aOff: 0, bOff: 0, cOff: 0, ...v, biasOff: v.biasOff ?? 0, hasBias: v.biasOff !== undefined ? 1 : 0, accumulate: 0, colTiles },
        { A: a, B: b, C: c },
        [Math.ceil(tiles / colTiles), Math.ceil(v.M / 32), K],
      );
    };
    const act = ACT[model.activation];
    const lossKind = LOSS[config.loss.kind];
    const statsFor = (slot: number, probe: boolean): Dispatch =>
      mk(
        ks.mlp_stats,
        { n, C, lossKind, probe: probe ? 1 : 0, slot, fOff: 0, fBatch: n * C, lossA: config.loss.a, invN: 1 / n, logDiverge: Math.log(config.divergeAbove) },
        { F: Z[L.layers], y, labels, G: D[L.layers], runs: this.runs, metrics: this.metrics },
        [K, 1, 1],
      );
    const forwardFor = (set: WeightSet): Dispatch[] => {
      const out: Dispatch[] = [];
      for (let l = 1; l <= L.layers; l++) {
        const din = L.dims[l - 1];
        const dout = L.dims[l];
        const biasOff = L.bOff[l - 1] >= 0 ? L.bOff[l - 1] : undefined;
        out.push(mm({ M: n, N: dout, Kd: din, transA: 0, transB: 1, aBatch: l === 1 ? 0 : n * din, bOff: L.wOff[l - 1], bBatch: P, cBatch: n * dout, biasOff }, A[l - 1], set.W, Z[l]));
        if (l < L.layers) out.push(mk(ks.mlp_act, { count: K * n * dout, mode: 0, act, spare: 0 }, { Z: Z[l], Out: A[l] }, linearGrid(K * n * dout)));
      }
      return out;
    };
    const backwardFor = (set: WeightSet): Dispatch[] => {
      const out: Dispatch[] = [];
      for (let l = L.layers; l >= 1; l--) {
        const din = L.dims[l - 1];
        const dout = L.dims[l];
        out.push(mm({ M: dout, N: din, Kd: n, transA: 1, transB: 0, aBatch: n * dout, bBatch: l === 1 ? 0 : n * din, cOff: L.wOff[l - 1], cBatch: P }, D[l], A[l - 1], set.grad));
        if (L.bOff[l - 1] >= 0) {
          out.push(
            mk(
              ks.mlp_update,
              { count: dout, K, mode: 2, P, n, srcOff: 0, srcBatch: n * dout, dstOff: L.bOff[l - 1] },
              { Src: D[l], V: dummy, Dst: set.grad, runs: this.runs },
              linearGrid(K * dout),
            ),
          );
        }
        if (l > 1) {
          out.push(mm({ M: n, N: din, Kd: dout, transA: 0, transB: 0, aBatch: n * dout, bOff: L.wOff[l - 1], bBatch: P, cBatch: n * din }, D[l], set.W, D[l - 1]));
          out.push(mk(ks.mlp_act, { count: K * n * din, mode: 1, act, spare: 0 }, { Z: Z[l - 1], Out: D[l - 1] }, linearGrid(K * n * din)));
        }
      }
      return out;
    };
    const main: WeightSet = { W: this.W, grad: this.grad };
    const probe: WeightSet = { W: this.Wp, grad: this.gradP };
    this.forwardMain = forwardFor(main);
    this.backwardMain = backwardFor(main);
    this.stats = Array.from({ length: SLOTS }, (_, slot) => statsFor(slot, false));
    this.evalProbe = [...forwardFor(probe), statsFor(0, true), ...backwardFor(probe)];
    this.norms = Array.from({ length: SLOTS }, (_, slot) =>
      mk(ks.mlp_norms, { P, slot, K, spare: 0 }, { W: this.W, W0, grad: this.grad, metrics: this.metrics }, [K, 1, 1]),
    );
    this.update = mk(ks.mlp_update, { count: P, K, mode: 0, P, n, srcOff: 0, srcBatch: 0, dstOff: 0 }, { Src: this.grad, V: dummy, Dst: this.W, runs: this.runs }, linearGrid(K * P));
    this.probePrep = mk(ks.mlp_update, { count: P, K, mode: 1, P, n, srcOff: 0, srcBatch: 0, dstOff: 0 }, { Src: this.W, V: this.V, Dst: this.Wp, runs: this.runs }, linearGrid(K * P));
    this.currentStep = 0;
    this.status = new Array<RunStatus>(K).fill('running');
    this.divergedAt = new Array<number>(K).fill(-1);
    this.eigenvectors = Array.from({ length: K }, () => startVector(P));
    this.writeRuns(0);
  }

  /** How many η of `config` fit at once on this device within the budget. */
  async batchFit(config: ExperimentConfig, dims: DataDims): Promise<BatchFit> {
    if (config.model.kind !== 'mlp') throw new Error('MlpGpuEngine: the model must be an mlp');
    this.ctx = await engineContext(this.opts);
    const shape = this.planShape(mlpLayout(config.model, dims.d, mlpOutputs(dims)));
    const limits = planLimits(this.ctx, this.opts);
    return largestFitting(config.etas.length, (K) => {
      try {
        planMlpMemory(K, dims.n, shape, limits);
        return null;
      } catch (err) {
        if (err instanceof PlanError) return err.message;
        throw err;
      }
    });
  }

  private planShape(L: MlpLayout): MlpPlanShape {
    return { size: L.size, dims: L.dims, slots: SLOTS, metricsPerSlot: NM };
  }

  private writeRuns(scale: number): void {
    const img = new ArrayBuffer(this.K * 16);
    const u = new Uint32Array(img);
    const f = new Float32Array(img);
    for (let k = 0; k < this.K; k++) {
      u[4 * k] = this.status[k] === 'diverged' ? 1 : 0;
      u[4 * k + 1] = 0;
      f[4 * k + 2] = this.config.etas[k];
      f[4 * k + 3] = scale;
    }
    this.ctx.device.queue.writeBuffer(this.runs, 0, img);
  }

  /** Forward, stats into metric slot `slot`, backward: ∇L(W) in grad. */
  private evalMain(slot: number): Dispatch[] {
    return [...this.forwardMain, this.stats[slot], ...this.backwardMain];
  }

  private encode(pass: GPUComputePassEncoder, list: Dispatch[]): void {
    for (const d of list) {
      pass.setPipeline(d.kernel.pipeline);
      pass.setBindGroup(0, d.bind);
      pass.dispatchWorkgroups(d.grid[0], d.grid[1], d.grid[2]);
    }
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    checkAdvance(steps, records);
    const K = this.K;
    const startStep = this.currentStep;
    const stepLoss = new Float64Array(steps * K).fill(NaN);
    const out: MetricRecord[] = records.map((r) => ({ step: startStep + r.offset, values: emptyValues(r.metrics, K) }));
    const byOffset = new Map(records.map((r, i) => [r.offset, i]));
    const wants = (o: number, m: MetricName): boolean => {
      const i = byOffset.get(o);
      return i !== undefined && records[i].metrics.includes(m);
    };
    const sharpAt = records.filter((r) => r.metrics.includes('sharpness')).map((r) => r.offset);
    let o = 0;
    while (o < steps || (o === steps && byOffset.has(steps))) {
      const nextSharp = sharpAt.find((s) => s >= o);
      const end = Math.min(steps, o + SLOTS - 1, nextSharp ?? Infinity);
      const evalEnd = end === steps ? byOffset.has(steps) : end === nextSharp;
      const enc = this.ctx.device.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (let q = o; q < end; q++) {
        this.encode(pass, this.evalMain(q - o));
        if (wants(q, 'gradNorm') || wants(q, 'distFromInit')) this.encode(pass, [this.norms[q - o]]);
        this.encode(pass, [this.update]);
      }
      if (evalEnd) {
        this.encode(pass, this.evalMain(end - o));
        if (wants(end, 'gradNorm') || wants(end, 'distFromInit')) this.encode(pass, [this.norms[end - o]]);
      }
      pass.end();
      const slots = end - o + (evalEnd ? 1 : 0);
      const mBytes = SLOTS * K * NM * 4;
      enc.copyBufferToBuffer(this.metrics, 0, this.readMetrics, 0, mBytes);
      enc.copyBufferToBuffer(this.runs, 0, this.readMetrics, mBytes, K * 16);
      this.ctx.device.queue.submit([enc.finish()]);
      await this.readMetrics.mapAsync(GPUMapMode.READ);
      const all = this.readMetrics.getMappedRange();
      const m = new Float32Array(all.slice(0, slots * K * NM * 4));
      this.readMetrics.unmap();
      for (let q = 0; q < slots; q++) {
        const off = o + q;
        const step = startStep + off;
        const ri = byOffset.get(off);
        for (let k = 0; k < K; k++) {
          if (this.divergedAt[k] >= 0 && step >= this.divergedAt[k]) continue;
          const base = (q * K + k) * NM;
          const lnL = m[base];
          if (!(lnL < 1e38)) {
            this.status[k] = 'diverged';
            this.divergedAt[k] = step;
            continue;
          }
          const loss = Math.exp(lnL);
          if (off < steps) stepLoss[off * K + k] = loss;
          if (ri === undefined) continue;
          const vals = out[ri].values;
          if (vals.loss) vals.loss[k] = loss;
          if (vals.accuracy) vals.accuracy[k] = m[base + 1] / this.n;
          if (vals.expLoss && this.C === 1) vals.expLoss[k] = Math.exp(m[base + 4]);
          if (vals.gradNorm) vals.gradNorm[k] = Math.sqrt(m[base + 2]);
          if (vals.distFromInit) vals.distFromInit[k] = Math.sqrt(m[base + 3]);
        }
      }
      if (evalEnd && wants(end, 'sharpness')) {
        const active = this.status.map((s, k) => s === 'running' && !(this.divergedAt[k] >= 0));
        const top = await lanczosTopBatch((vs, hv) => this.hvp(vs, hv), this.eigenvectors, active, this.config.record.sharpnessIterations, () => startVector(this.layout.size));
        const vals = out[byOffset.get(end)!].values.sharpness!;
        for (let k = 0; k < K; k++) if (active[k]) vals[k] = top[k];
      }
      if (evalEnd && end < steps) {
        // The step at `end` was evaluated (for its sharpness); apply its update and go on after it.
        this.writeRuns(0);
        const e2 = this.ctx.device.createCommandEncoder();
        const p2 = e2.beginComputePass();
        this.encode(p2, [this.update]);
        p2.end();
        this.ctx.device.queue.submit([e2.finish()]);
        o = end + 1;
      } else {
        o = end;
        if (end === steps) break;
      }
    }
    this.currentStep = startStep + steps;
    return { startStep, steps, stepLoss, records: out, status: this.status.slice(), divergedAt: this.divergedAt.slice() };
  }

  /** Milliseconds per dispatch of each stage of a step, each encoded `reps` times alone (diagnostics; W unchanged). */
  async profile(reps: number): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    const queue = this.ctx.device.queue;
    const stages: [string, Dispatch[]][] = [
      ...this.forwardMain.map((d, i) => [`forward ${i} ${d.kernel.name}`, [d]] as [string, Dispatch[]]),
      ['stats', [this.stats[0]]],
      ...this.backwardMain.map((d, i) => [`backward ${i} ${d.kernel.name}`, [d]] as [string, Dispatch[]]),
      ['norms', [this.norms[0]]],
    ];
    for (const [name, list] of stages) {
      await queue.onSubmittedWorkDone();
      const t0 = performance.now();
      const enc = this.ctx.device.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (let r = 0; r < reps; r++) this.encode(pass, list);
      pass.end();
      queue.submit([enc.finish()]);
      await queue.onSubmittedWorkDone();
      out[name] = (performance.now() - t0) / reps;
    }
    return out;
  }

  /** outs[k] = H_k vs[k] for every run, by central differences of GPU gradients (see the header). */
  private async hvp(vs: Float64Array[], outs: Float64Array[]): Promise<void> {
    const dev = this.ctx.device;
    const K = this.K;
    const P = this.layout.size;
    const img = new Float32Array(K * P);
    vs.forEach((v, k) => img.set(v, k * P));
    dev.queue.writeBuffer(this.V, 0, img);
    for (const sign of [1, -1]) {
      this.writeRuns(sign * this.eps);
      const enc = dev.createCommandEncoder();
      const pass = enc.beginComputePass();
      this.encode(pass, [this.probePrep]);
      this.encode(pass, this.evalProbe);
      pass.end();
      if (sign === 1) enc.copyBufferToBuffer(this.gradP, 0, this.gradPlus, 0, K * P * 4);
      dev.queue.submit([enc.finish()]);
    }
    const [gp, gm] = await Promise.all([readBuffer(this.ctx.device, this.gradPlus), readBuffer(this.ctx.device, this.gradP)]);
    for (let k = 0; k < K; k++) {
      const o = outs[k];
      for (let j = 0; j < P; j++) o[j] = (gp[k * P + j] - gm[k * P + j]) / (2 * this.eps);
    }
    this.writeRuns(0);
  }

  async readState(): Promise<EngineState> {
    const P = this.layout.size;
    const all = await readBuffer(this.ctx.device, this.W);
    const weights = Array.from({ length: this.K }, (_, k) => Float64Array.from(all.subarray(k * P, (k + 1) * P)));
    // The Lanczos warm starts live on the host in float64, so a resumed run measures the same sharpness.
    const eigenvectors = this.eigenvectors.map((v) => v.slice());
    return { step: this.currentStep, weights, status: this.status.slice(), divergedAt: this.divergedAt.slice(), eigenvectors };
  }

  async writeState(state: EngineState): Promise<void> {
    const P = this.layout.size;
    checkStateShape(state, this.K, P);
    state.eigenvectors?.forEach((v, k) => this.eigenvectors[k].set(v));
    const img = new Float32Array(this.K * P);
    state.weights.forEach((w, k) => img.set(w, k * P));
    this.ctx.device.queue.writeBuffer(this.W, 0, img);
    this.status = state.status.slice();
    this.divergedAt = state.divergedAt.slice();
    this.currentStep = state.step;
    this.writeRuns(0);
  }

  async dispose(): Promise<void> {
    for (const b of this.buffers) b.destroy();
    this.buffers = [];
  }
}
