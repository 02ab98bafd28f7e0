// The WebGPU engine for the fully connected network (model kind 'mlp'): K networks, one per η,
// side by side in GPU memory (W: K×P, each run's flat vector in the layout of src/core/mlp.ts), all
// from the same w_0, advanced by the same dispatches (built once in mlp-resources.ts).
// src/gpu/backend.ts picks it for MLP configs.
//
// One step (all runs, no host round trip): for l = 1..L, Z_l = A_{l−1} W_lᵀ + b_l (mlp_matmul) and
// A_l = σ(Z_l) (mlp_act); mlp_stats: ln L (log-sum-exp), correct count, divergence, ln of the
// exponential loss (one logit; NaN for multi-class data, as on the CPU), and the output
// adjoint δ_L = ∂L/∂f; for l = L..1, ∇W_l = δ_lᵀ A_{l−1} (mlp_matmul), ∇b_l = Σ_i δ_l (mlp_update
// mode 2), δ_{l−1} = σ′(Z_{l−1}) ⊙ δ_l W_l (mlp_matmul + mlp_act); at recorded steps ‖∇L‖ and
// ‖w − w0‖ (mlp_norms); then W −= η ∇L (mlp_update). Each step writes its metrics into a GPU slot;
// a chunk of up to MLP_SLOTS − 1 steps is one submit whose slots are read back once, and chunk
// c+1 is queued before chunk c's metrics are read (two readback buffers take turns), as in the
// linear and NTK engine, so the GPU never waits for the host between chunks.
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
// The host's Lanczos needs the GPU's gradients, so a step that measures sharpness is the one place
// the host waits for the GPU inside a chunk.

import type { DataDims } from '../core/budget';
import type { ExperimentConfig, MetricName, MlpModelConfig } from '../core/config-types';
import { largestFitting, type AdvanceResult, type BatchFit, type BatchLimitedEngine, type EngineInfo, type EngineState, type MetricRecord, type Problem, type RecordRequest, type RunStatus } from '../core/engine';
import { mlpLayout, mlpOutputs } from '../core/mlp';
import { startVector } from '../cpu/sharpness';
import { checkDevice, reportingDeviceLoss, type GpuContext } from './device';
import { engineContext, gpuEngineInfo, planLimits, type GpuDeviceOptions } from './engine-context';
import { compileKernels, kernelsFor, type KernelSet } from './kernels';
import { PlanError, planMlpMemory } from './memory-plan';
import { lanczosTopBatch } from './mlp-sharpness';
import { fillRecord, MET, NMET, packRuns } from './metrics-layout';
import { encodeDispatches, MLP_SLOTS, mlpPlanShape, MlpResources, type Dispatch } from './mlp-resources';
import { readBuffer } from './read-buffer';
import { shaderSources } from './shader-sources';
import { checkAdvance, checkStateShape, emptyValues } from '../core/engine-records';

/** ε of the central differences: ReLU's gradient jumps where a unit's sign flips, so it takes a smaller one. */
export function fdEps(activation: MlpModelConfig['activation']): number {
  return activation === 'relu' ? 1e-4 : 1e-2;
}

/** One advance() call's requests and results, filled chunk by chunk. */
interface AdvanceRun {
  startStep: number;
  steps: number;
  records: RecordRequest[];
  byOffset: Map<number, number>;
  stepLoss: Float64Array;
  out: MetricRecord[];
}

export class MlpGpuEngine implements BatchLimitedEngine {
  info: EngineInfo = { kind: 'gpu', name: 'WebGPU (not initialised)', precision: 'float32' };
  private ctx!: GpuContext;
  private kernels!: KernelSet;
  private config!: ExperimentConfig;
  private res: MlpResources | null = null;
  private currentStep = 0;
  private status: RunStatus[] = [];
  private divergedAt: number[] = [];
  private eigenvectors: Float64Array[] = [];
  private eps = 1e-2;
  /** Chunks submitted so far (picks the readback buffer). */
  private chunks = 0;

  constructor(private readonly opts: GpuDeviceOptions = {}) {}

  get step(): number {
    return this.currentStep;
  }

  /** The engine's buffers; a lost device fails here with a DeviceLostError, before any GPU call. */
  private get r(): MlpResources {
    checkDevice(this.ctx);
    if (!this.res) throw new Error('MlpGpuEngine: call init() first (or the engine was disposed)');
    return this.res;
  }

  async init(problem: Problem): Promise<void> {
    const { config, data } = problem;
    if (config.model.kind !== 'mlp') throw new Error('MlpGpuEngine: the model must be an mlp');
    if (config.optimizer.kind !== 'gd') throw new Error('MlpGpuEngine: the mlp model trains with full-batch GD only');
    await this.dispose();
    this.ctx = await engineContext(this.opts);
    checkDevice(this.ctx);
    this.kernels = await compileKernels(this.ctx.device, this.opts.sources ?? shaderSources, kernelsFor('mlp'));
    this.info = gpuEngineInfo(this.ctx);
    this.config = config;
    this.eps = fdEps(config.model.activation);
    this.res = new MlpResources(this.ctx, this.kernels, config, data, planLimits(this.ctx, this.opts));
    const K = this.res.K;
    this.currentStep = 0;
    this.status = new Array<RunStatus>(K).fill('running');
    this.divergedAt = new Array<number>(K).fill(-1);
    this.eigenvectors = Array.from({ length: K }, () => startVector(this.res!.layout.size));
    this.writeRuns(0);
  }

  /** How many η of `config` fit at once on this device within the budget. */
  async batchFit(config: ExperimentConfig, dims: DataDims): Promise<BatchFit> {
    if (config.model.kind !== 'mlp') throw new Error('MlpGpuEngine: the model must be an mlp');
    this.ctx = await engineContext(this.opts);
    const shape = mlpPlanShape(mlpLayout(config.model, dims.d, mlpOutputs(dims)));
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

  /** Uploads every run's status and η, and the probes' offset `scale` (the host's view; nothing may be in flight). */
  private writeRuns(scale: number): void {
    this.ctx.device.queue.writeBuffer(this.r.runs, 0, packRuns(this.status, this.divergedAt, this.config.etas, scale));
  }

  /** Forward, stats into metric slot `slot`, backward: ∇L(W) in grad. */
  private evalMain(slot: number): Dispatch[] {
    const r = this.r;
    return [...r.forwardMain, r.stats[slot], ...r.backwardMain];
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    checkAdvance(steps, records);
    return reportingDeviceLoss(this.ctx, () => this.advanceSteps(steps, records));
  }

  private async advanceSteps(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    const K = this.r.K;
    const run: AdvanceRun = {
      startStep: this.currentStep,
      steps,
      records,
      byOffset: new Map(records.map((rec, i) => [rec.offset, i])),
      stepLoss: new Float64Array(steps * K).fill(NaN),
      out: records.map((rec) => ({ step: this.currentStep + rec.offset, values: emptyValues(rec.metrics, K) })),
    };
    const sharpAt = records.filter((rec) => rec.metrics.includes('sharpness')).map((rec) => rec.offset);
    const inFlight: Promise<void>[] = [];
    const drain = async (keep: number): Promise<void> => {
      while (inFlight.length > keep) await inFlight.shift();
    };
    try {
      let o = 0;
      for (;;) {
        const nextSharp = sharpAt.find((s) => s >= o);
        const end = Math.min(steps, o + MLP_SLOTS - 1, nextSharp ?? Infinity);
        const measure = end === steps ? run.byOffset.has(steps) : end === nextSharp;
        if (end === o && !measure) break;
        const at = o; // o moves on before the chunk's metrics arrive
        const parsed = this.submitChunk(run, at, end - at, measure).then((m) => this.parseChunk(run, at, end - at + (measure ? 1 : 0), m));
        parsed.catch(() => undefined); // awaited by drain(); this only keeps a later failure from being "unhandled" meanwhile
        inFlight.push(parsed);
        if (measure && end === nextSharp) {
          // The host's Lanczos needs the statuses so far and the GPU's gradients: wait for the GPU here.
          await drain(0);
          await this.sharpnessAt(run, end);
          if (end === steps) break;
          this.writeRuns(0);
          this.submit([this.r.update]); // the update of the step at `end`, from the gradient just evaluated
          o = end + 1;
          continue;
        }
        await drain(1);
        o = end;
        if (end === steps) break;
      }
      await drain(0);
    } finally {
      // A failed chunk leaves later ones in flight: let them settle before the caller moves on.
      await Promise.allSettled(inFlight);
    }
    this.currentStep = run.startStep + steps;
    return { startStep: run.startStep, steps, stepLoss: run.stepLoss, records: run.out, status: this.status.slice(), divergedAt: this.divergedAt.slice() };
  }

  private wants(run: AdvanceRun, offset: number, m: MetricName): boolean {
    const i = run.byOffset.get(offset);
    return i !== undefined && run.records[i].metrics.includes(m);
  }

  private submit(list: Dispatch[]): void {
    const enc = this.ctx.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    encodeDispatches(pass, list);
    pass.end();
    this.ctx.device.queue.submit([enc.finish()]);
  }

  /**
   * Queues `chunk` steps from offset `at` (plus, with `measure`, the evaluation of the state after
   * them) and the copy of their metric slots into the next readback buffer; resolves with the slots.
   */
  private submitChunk(run: AdvanceRun, at: number, chunk: number, measure: boolean): Promise<Float32Array> {
    const r = this.r;
    const dev = this.ctx.device;
    const enc = dev.createCommandEncoder();
    const pass = enc.beginComputePass();
    const norms = (o: number): boolean => this.wants(run, at + o, 'gradNorm') || this.wants(run, at + o, 'distFromInit');
    for (let q = 0; q < chunk; q++) {
      encodeDispatches(pass, this.evalMain(q));
      if (norms(q)) encodeDispatches(pass, [r.norms[q]]);
      encodeDispatches(pass, [r.update]);
    }
    if (measure) {
      encodeDispatches(pass, this.evalMain(chunk));
      if (norms(chunk)) encodeDispatches(pass, [r.norms[chunk]]);
    }
    pass.end();
    const bytes = (chunk + (measure ? 1 : 0)) * r.K * NMET * 4;
    const readback = r.readbacks[this.chunks++ % 2];
    enc.copyBufferToBuffer(r.metrics, 0, readback, 0, bytes);
    dev.queue.submit([enc.finish()]);
    return readback.mapAsync(GPUMapMode.READ, 0, bytes).then(() => {
      const m = new Float32Array(readback.getMappedRange(0, bytes).slice(0));
      readback.unmap();
      return m;
    });
  }

  /** Step losses, records and divergence from the metric slots of the chunk that starts at offset `at`. */
  private parseChunk(run: AdvanceRun, at: number, slots: number, m: Float32Array): void {
    const { K, n, C } = this.r;
    for (let q = 0; q < slots; q++) {
      const off = at + q;
      const step = run.startStep + off;
      const ri = run.byOffset.get(off);
      for (let k = 0; k < K; k++) {
        if (this.divergedAt[k] >= 0 && step >= this.divergedAt[k]) continue;
        const base = (q * K + k) * NMET;
        if (!(m[base + MET.logLoss] < 1e38)) {
          // mlp_stats writes 3e38 for the step a run's loss is non-finite or above divergeAbove.
          this.status[k] = 'diverged';
          this.divergedAt[k] = step;
          continue;
        }
        if (off < run.steps) run.stepLoss[off * K + k] = Math.exp(m[base + MET.logLoss]);
        if (ri === undefined) continue;
        const vals = run.out[ri].values;
        fillRecord(vals, k, m, base, n, false);
        // No margin for the network, and no exponential loss for multi-class data (as on the CPU);
        // the sharpness comes from the host's Lanczos.
        if (vals.margin) vals.margin[k] = NaN;
        if (vals.expLoss && C !== 1) vals.expLoss[k] = NaN;
      }
    }
  }

  /** The sharpness of every running run at offset `end`, whose gradient the GPU has just evaluated. */
  private async sharpnessAt(run: AdvanceRun, end: number): Promise<void> {
    const K = this.r.K;
    const active = this.status.map((s, k) => s === 'running' && !(this.divergedAt[k] >= 0));
    const top = await lanczosTopBatch((vs, hv) => this.hvp(vs, hv), this.eigenvectors, active, this.config.record.sharpnessIterations, () => startVector(this.r.layout.size));
    const vals = run.out[run.byOffset.get(end)!].values.sharpness!;
    for (let k = 0; k < K; k++) if (active[k]) vals[k] = top[k];
  }

  /** Milliseconds per dispatch of each stage of a step, each encoded `reps` times alone (diagnostics; W unchanged). */
  async profile(reps: number): Promise<Record<string, number>> {
    const r = this.r;
    const out: Record<string, number> = {};
    const queue = this.ctx.device.queue;
    const stages: [string, Dispatch[]][] = [
      ...r.forwardMain.map((d, i) => [`forward ${i} ${d.kernel.name}`, [d]] as [string, Dispatch[]]),
      ['stats', [r.stats[0]]],
      ...r.backwardMain.map((d, i) => [`backward ${i} ${d.kernel.name}`, [d]] as [string, Dispatch[]]),
      ['norms', [r.norms[0]]],
    ];
    for (const [name, list] of stages) {
      await queue.onSubmittedWorkDone();
      const t0 = performance.now();
      this.submit(Array.from({ length: reps }, () => list).flat());
      await queue.onSubmittedWorkDone();
      out[name] = (performance.now() - t0) / reps;
    }
    return out;
  }

  /** outs[k] = H_k vs[k] for every run, by central differences of GPU gradients (see the header). */
  private async hvp(vs: Float64Array[], outs: Float64Array[]): Promise<void> {
    const r = this.r;
    const dev = this.ctx.device;
    const { K } = r;
    const P = r.layout.size;
    const img = new Float32Array(K * P);
    vs.forEach((v, k) => img.set(v, k * P));
    dev.queue.writeBuffer(r.V, 0, img);
    for (const sign of [1, -1]) {
      this.writeRuns(sign * this.eps);
      const enc = dev.createCommandEncoder();
      const pass = enc.beginComputePass();
      encodeDispatches(pass, [r.probePrep, ...r.evalProbe]);
      pass.end();
      if (sign === 1) enc.copyBufferToBuffer(r.gradP, 0, r.gradPlus, 0, K * P * 4);
      dev.queue.submit([enc.finish()]);
    }
    const [gp, gm] = await Promise.all([readBuffer(dev, r.gradPlus), readBuffer(dev, r.gradP)]);
    for (let k = 0; k < K; k++) {
      const o = outs[k];
      for (let j = 0; j < P; j++) o[j] = (gp[k * P + j] - gm[k * P + j]) / (2 * this.eps);
    }
    this.writeRuns(0);
  }

  /** A checkpoint's read may meet a device lost mid-copy: that is a DeviceLostError too, so the sweep recovers. */
  async readState(): Promise<EngineState> {
    return reportingDeviceLoss(this.ctx, () => this.readStateNow());
  }

  private async readStateNow(): Promise<EngineState> {
    const r = this.r;
    const P = r.layout.size;
    const all = await readBuffer(this.ctx.device, r.W);
    const weights = Array.from({ length: r.K }, (_, k) => Float64Array.from(all.subarray(k * P, (k + 1) * P)));
    // The Lanczos warm starts live on the host in float64, so a resumed run measures the same sharpness.
    const eigenvectors = this.eigenvectors.map((v) => v.slice());
    return { step: this.currentStep, weights, status: this.status.slice(), divergedAt: this.divergedAt.slice(), eigenvectors };
  }

  async writeState(state: EngineState): Promise<void> {
    const r = this.r;
    const P = r.layout.size;
    checkStateShape(state, r.K, P);
    state.eigenvectors?.forEach((v, k) => this.eigenvectors[k].set(v));
    const img = new Float32Array(r.K * P);
    state.weights.forEach((w, k) => img.set(w, k * P));
    this.ctx.device.queue.writeBuffer(r.W, 0, img);
    this.status = state.status.slice();
    this.divergedAt = state.divergedAt.slice();
    this.currentStep = state.step;
    this.writeRuns(0);
  }

  async dispose(): Promise<void> {
    this.res?.destroy();
    this.res = null;
  }
}
