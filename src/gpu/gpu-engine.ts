// The WebGPU engine of the linear model and the NTK network: K runs (one per η) side by side in GPU
// memory, advanced together by one dispatch per kernel per step; many steps per submit; per-step
// metrics written to a GPU buffer and read back once per chunk of steps, while the next chunk runs.
// Runs in the browser (headless Chrome for Node callers, through RemoteGpuEngine). The MLP has its
// own engine (mlp-engine.ts); src/gpu/backend.ts picks between them.

import type { ExperimentConfig, MetricName } from '../core/config-types';
import { momentumBeta } from '../core/config-optimizer';
import type { DataDims } from '../core/budget';
import { largestFitting, type AdvanceResult, type BatchFit, type BatchLimitedEngine, type EngineInfo, type EngineState, type MetricRecord, type Problem, type RecordRequest, type RunStatus } from '../core/engine';
import { initialWeights } from '../core/init';
import { sgdSample } from '../core/rng';
import { configOptimum, optimumOrFail } from '../cpu/optimum';
import type { GpuContext } from './device';
import { checkDevice, reportingDeviceLoss } from './device';
import { engineContext, gpuEngineInfo, planLimits, type GpuDeviceOptions } from './engine-context';
import { compileKernels, kernelsFor, type KernelSet } from './kernels';
import { KernelProfiler, type KernelTimings } from './kernel-profiler';
import { PLAN_TILES, PlanError, planMemory, type MemoryPlan, type PlanLimits } from './memory-plan';
import { checkAdvance, checkStateShape, emptyValues } from '../core/engine-records';
import { fillRecord, MET, NMET, packHeader, packRuns, STATE_RUN0, unpackRun } from './metrics-layout';
import { checkVelocities, readBlocks, unitEigenvectors, writeBlocks, type ParameterShape } from './state-io';
import { GpuResources } from './resources';
import { checkTiles } from './tile-check';
import { shaderSources } from './shader-sources';
import { needsNorms, StepEncoder, type StepWork } from './step-encoder';
import { FusedLinearEncoder, fusedIneligible, splitSegments } from './fused-encoder';

export interface GpuEngineOptions extends GpuDeviceOptions {
  /** Steps encoded per command buffer. */
  stepsPerSubmit?: number;
  /** Caps the work of one NTK dispatch (see PlanLimits.maxDispatchFlops). */
  maxDispatchFlops?: number;
  /**
   * Linear model, GD: run the steps of a chunk as one fused dispatch (fused-encoder.ts) where the
   * problem fits it. A candidate until timed on hardware; default false.
   */
  linearFused?: boolean;
  /**
   * NTK model: run the forward and backward with the 128×128-tile kernels (ntk_forward_t128.wgsl,
   * ntk_backward_t128.wgsl; 8×8 outputs per thread, 8-deep slices) instead of the 64×64 ones. Same
   * results up to summation order; a candidate until timed on hardware; default false.
   */
  ntkTile128?: boolean;
}

// Work per NTK dispatch: SwiftShader does ~0.5 GFLOP/s here (0.12 GFLOP ≈ 0.25 s); a real GPU does
// tens of TFLOP/s, so 1e12 keeps a dispatch near 50 ms even on a slow one.
const SOFTWARE_DISPATCH_FLOPS = 1.2e8;
const HARDWARE_DISPATCH_FLOPS = 1e12;
/** recordingUs records for at least this long (ms), so that a coarse clock costs under 1%. */
const RECORDING_MS = 20;

export class GpuEngine implements BatchLimitedEngine {
  info: EngineInfo = { kind: 'gpu', name: 'WebGPU (not initialised)', precision: 'float32' };
  private readonly opts: GpuEngineOptions;
  private ctx!: GpuContext;
  private kernels!: KernelSet;
  private config!: ExperimentConfig;
  private plan!: MemoryPlan;
  private res: GpuResources | null = null;
  private enc!: StepEncoder;
  /** The fused linear path (opts.linearFused, where the problem fits it), or null. */
  private fused: FusedLinearEncoder | null = null;
  private currentStep = 0;
  private status: RunStatus[] = [];
  private divergedAt: number[] = [];
  /** Between begin/endKernelTimings: every dispatch in its own timestamped pass (kernel-profiler.ts). */
  private profiler: KernelProfiler | null = null;

  constructor(opts: GpuEngineOptions = {}) {
    this.opts = opts;
  }

  get step(): number {
    return this.currentStep;
  }

  /** The plan in use (for logs and tests). */
  get memoryPlan(): MemoryPlan {
    return this.plan;
  }

  async init(problem: Problem): Promise<void> {
    const { config, data } = problem;
    if (config.model.kind === 'mlp') throw new Error('GpuEngine runs the linear and NTK models; the mlp model has its own engine (src/gpu/mlp-engine.ts)');
    this.ctx = await engineContext(this.opts);
    checkDevice(this.ctx);
    this.fused?.destroy();
    this.fused = null;
    const lim = this.ctx.limits;
    const tile128 = config.model.kind === 'ntk' && this.opts.ntkTile128 === true;
    const limits = this.planLimits(config);
    // Plan first: a sweep that cannot fit is refused before a single buffer exists.
    const plan = planMemory(config, data.n, data.d, limits);
    this.res?.destroy();
    this.res = null;
    const distToOpt = config.metrics.includes('distToOpt');
    // w* by Newton's method in float64 (as the reference engine finds it), held in fp32 for dist_opt.
    const optimum = distToOpt ? Float32Array.from(optimumOrFail(configOptimum(config, data), data.name).w) : null;
    this.kernels = await compileKernels(this.ctx.device, this.opts.sources ?? shaderSources, kernelsFor(config.model.kind, { linearFused: this.opts.linearFused, ntkTile128: tile128, distToOpt }));
    checkTiles(this.kernels);
    this.config = config;
    this.plan = plan;
    this.info = gpuEngineInfo(this.ctx);
    const maxDispatchFlops = limits.maxDispatchFlops!;
    const w0 = Float32Array.from(initialWeights(config.model, data.d));
    this.res = new GpuResources(this.ctx.device, this.kernels, config, plan, data, w0, tile128, optimum);
    this.enc = new StepEncoder(this.kernels, this.res, config, plan, tile128);
    if (tile128) this.info.name += ' (NTK 128×128 tiles)';
    if (this.opts.linearFused && !fusedIneligible(config, plan, this.kernels, lim.maxComputeWorkgroupStorageSize ?? 16384)) {
      this.fused = new FusedLinearEncoder(this.ctx.device, this.kernels, this.res, plan, maxDispatchFlops);
      this.info.name += ' (fused linear GD)';
    }
    this.currentStep = 0;
    this.status = new Array<RunStatus>(plan.K).fill('running');
    this.divergedAt = new Array<number>(plan.K).fill(-1);
    this.writeRunState();
  }

  /** How many η of `config` the memory planner fits at once on this device within the budget. */
  async batchFit(config: ExperimentConfig, dims: DataDims): Promise<BatchFit> {
    this.ctx = await engineContext(this.opts);
    const limits = this.planLimits(config);
    return largestFitting(config.etas.length, (K) => {
      try {
        planMemory({ ...config, etas: config.etas.slice(0, K) }, dims.n, dims.d, limits);
        return null;
      } catch (err) {
        if (err instanceof PlanError) return err.message;
        throw err;
      }
    });
  }

  /** The limits the planner works within for `config` on this engine's device. */
  private planLimits(config: ExperimentConfig): PlanLimits {
    const tile128 = config.model.kind === 'ntk' && this.opts.ntkTile128 === true;
    return {
      ...planLimits(this.ctx, this.opts),
      maxDispatchFlops: this.opts.maxDispatchFlops ?? (this.ctx.software ? SOFTWARE_DISPATCH_FLOPS : HARDWARE_DISPATCH_FLOPS),
      ntkTile: tile128 ? PLAN_TILES.ntkTile128 : PLAN_TILES.ntkTile,
    };
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    return reportingDeviceLoss(this.ctx, () => this.advanceSteps(steps, records));
  }

  private async advanceSteps(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    const res = this.resources();
    checkAdvance(steps, records);
    const { K, n } = this.plan;
    const startStep = this.currentStep;
    const stepLoss = new Float64Array(steps * K).fill(NaN);
    const out: MetricRecord[] = records.map((r) => ({ step: startStep + r.offset, values: emptyValues(r.metrics, K) }));
    const byOffset = new Map(records.map((r, idx) => [r.offset, idx]));
    const wantFinal = byOffset.has(steps);
    const parse = (done: number, chunk: number, slots: number, metrics: Float32Array): void => {
      for (let o = 0; o < slots; o++) {
        for (let k = 0; k < K; k++) {
          if (this.isMasked(k, startStep + done + o)) continue;
          const base = (o * K + k) * NMET;
          if (o < chunk) stepLoss[(done + o) * K + k] = Math.exp(metrics[base + MET.logLoss]);
          const idx = byOffset.get(done + o);
          if (idx !== undefined) fillRecord(out[idx].values, k, metrics, base, n, res.sharp !== null);
        }
      }
    };
    // Chunks of up to `slots − 1` steps; chunk c+1 is queued before chunk c's metrics are read, so
    // the GPU never waits for the host (two readback buffers take turns).
    const inFlight: Promise<void>[] = [];
    let done = 0;
    for (let c = 0; ; c++) {
      const chunk = Math.min(steps - done, this.plan.slots - 1);
      const measureFinal = wantFinal && done + chunk === steps;
      if (chunk === 0 && !measureFinal) break;
      const at = done;
      const slots = chunk + (measureFinal ? 1 : 0);
      const wants = (o: number, name: MetricName): boolean => {
        const idx = byOffset.get(at + o);
        return idx !== undefined && records[idx].metrics.includes(name);
      };
      const parsed = this.submitChunk(startStep + at, chunk, measureFinal, wants, res.readbacks[c % 2]).then((m) => parse(at, chunk, slots, m));
      parsed.catch(() => undefined); // awaited below; this only keeps a later failure from being "unhandled" meanwhile
      inFlight.push(parsed);
      if (inFlight.length >= 2) await inFlight.shift();
      done += chunk;
      if (done === steps) break;
    }
    while (inFlight.length > 0) await inFlight.shift();
    this.currentStep = startStep + steps;
    return { startStep, steps, stepLoss, records: out, status: this.status.slice(), divergedAt: this.divergedAt.slice() };
  }

  /** A checkpoint's read may meet a device lost mid-copy: that is a DeviceLostError too, so the sweep recovers. */
  async readState(): Promise<EngineState> {
    return reportingDeviceLoss(this.ctx, () => this.readStateNow());
  }

  private async readStateNow(): Promise<EngineState> {
    const res = this.resources();
    const dev = this.ctx.device;
    const shape = this.parameterShape();
    const weights = await readBlocks(dev, shape, res.blocks.map((b) => ({ block: b.block, buffer: b.W })));
    // The power iteration's vectors (when sharpness is measured): the next measurement's warm start.
    const eigenvectors = res.sharp ? await readBlocks(dev, shape, res.sharp.blocks.map((b) => ({ block: b.block, buffer: b.V }))) : undefined;
    const state: EngineState = { step: this.currentStep, weights, status: this.status.slice(), divergedAt: this.divergedAt.slice(), eigenvectors };
    // Heavy-ball and Nesterov: the velocities follow the weights in the same buffers.
    if (momentumBeta(this.config.optimizer) !== null) state.velocities = await readBlocks(dev, shape, res.blocks.map((b) => ({ block: b.block, buffer: b.W })), 1);
    return state;
  }

  async writeState(state: EngineState): Promise<void> {
    const res = this.resources();
    const dev = this.ctx.device;
    const shape = this.parameterShape();
    checkStateShape(state, this.plan.K, shape.size);
    const weightBlocks = res.blocks.map((b) => ({ block: b.block, buffer: b.W }));
    writeBlocks(dev, shape, weightBlocks, state.weights);
    if (momentumBeta(this.config.optimizer) !== null) writeBlocks(dev, shape, weightBlocks, checkVelocities(state, shape), 1);
    if (res.sharp && state.eigenvectors) writeBlocks(dev, shape, res.sharp.blocks.map((b) => ({ block: b.block, buffer: b.V })), unitEigenvectors(state.eigenvectors));
    this.status = state.status.slice();
    this.divergedAt = state.divergedAt.slice();
    this.currentStep = state.step;
    this.writeRunState();
  }

  async dispose(): Promise<void> {
    this.profiler?.destroy();
    this.profiler = null;
    this.fused?.destroy();
    this.fused = null;
    this.res?.destroy();
    this.res = null;
  }

  /**
   * From now until endKernelTimings(), each dispatch runs in its own compute pass with timestamps;
   * what the steps compute is unchanged. Throws KernelTimingsUnavailable without 'timestamp-query'.
   */
  beginKernelTimings(): void {
    this.resources();
    this.profiler?.destroy();
    this.profiler = new KernelProfiler(this.ctx.device, this.kernels, this.ctx);
  }

  /** GPU time per kernel of the steps advanced since beginKernelTimings(); timing ends. */
  async endKernelTimings(): Promise<KernelTimings> {
    const p = this.profiler;
    this.profiler = null;
    if (!p) throw new Error('endKernelTimings: beginKernelTimings() was not called');
    try {
      return await p.collect();
    } finally {
      p.destroy();
    }
  }

  /**
   * Milliseconds per stage of a step (forward, stats, backward, finalize; all neuron blocks),
   * each stage encoded `reps` times alone. A diagnostic for benchmarks; it leaves W unchanged.
   */
  async profileStages(reps: number): Promise<Record<string, number>> {
    const res = this.resources();
    const { K } = this.plan;
    const stages: Record<string, (pass: GPUComputePassEncoder) => void> = {
      forward: (pass) => this.enc.forward(pass, (b) => b.forward),
      stats: (pass) => this.enc.dispatch(pass, this.kernels.stats, res.global.stats, K),
      backward: (pass) => this.enc.backward(pass, 'backwardMeasure'),
      finalize: (pass) => this.enc.dispatch(pass, this.kernels.finalize, res.global.finalize, K),
    };
    const out: Record<string, number> = {};
    const queue = this.ctx.device.queue;
    for (const [name, encode] of Object.entries(stages)) {
      await queue.onSubmittedWorkDone();
      const t0 = performance.now();
      const enc = this.ctx.device.createCommandEncoder();
      const pass = enc.beginComputePass();
      for (let r = 0; r < reps; r++) encode(pass);
      pass.end();
      queue.submit([enc.finish()]);
      await queue.onSubmittedWorkDone();
      out[name] = (performance.now() - t0) / reps;
    }
    out.blocks = res.blocks.length;
    return out;
  }

  /**
   * Host microseconds per step to record `steps` update steps with no records, as advance() records
   * them (fused segments included), into command buffers that are never submitted (again and again,
   * for at least RECORDING_MS): the CPU's share of a step, which the GPU timings (kernel timings)
   * cannot see. A diagnostic for benchmarks; nothing runs on the GPU, so the engine's state is
   * unchanged.
   */
  recordingUs(steps: number): number {
    if (!(Number.isInteger(steps) && steps > 0)) throw new RangeError(`recordingUs: steps must be a positive integer, got ${steps}`);
    this.resources();
    // Repeated until RECORDING_MS have passed: a page's performance.now() may tick in 100 µs, longer
    // than recording a few steps takes.
    let recorded = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      this.recordSteps(steps, () => false);
      recorded += steps;
      t = performance.now();
    } while (t - t0 < RECORDING_MS);
    return ((t - t0) * 1000) / recorded;
  }

  // ---- internals ----

  /**
   * The command buffers of `chunk` update steps. The fused path takes the runs of steps that record
   * no sharpness or distance to the optimum; the rest go step by step, `stepsPerSubmit` steps to a
   * command buffer.
   */
  private recordSteps(chunk: number, wants: (o: number, m: MetricName) => boolean): GPUCommandBuffer[] {
    const dev = this.ctx.device;
    const per = this.opts.stepsPerSubmit ?? 32;
    const buffers: GPUCommandBuffer[] = [];
    const fused = this.fused;
    for (const seg of splitSegments(chunk, (o) => fused !== null && !wants(o, 'sharpness') && !wants(o, 'distToOpt'), per, fused?.maxSteps ?? 0)) {
      const enc = dev.createCommandEncoder();
      const pass = this.profiler?.pass(enc) ?? enc.beginComputePass();
      if (seg.fused) fused!.encode(pass, seg.steps);
      else for (let o = seg.start; o < seg.start + seg.steps; o++) this.enc.step(pass, this.stepWork(o, true, wants));
      pass.end();
      buffers.push(enc.finish());
    }
    return buffers;
  }

  private resources(): GpuResources {
    checkDevice(this.ctx);
    if (!this.res) throw new Error('GpuEngine: call init() first (or the engine was disposed)');
    return this.res;
  }

  /** The parameters' shape in the engine's buffers (state-io.ts). */
  private parameterShape(): ParameterShape {
    const model = this.config.model;
    const { K, d } = this.plan;
    return { K, d, linear: model.kind === 'linear', size: model.kind === 'ntk' ? model.width * d : d };
  }

  /** The work of step offset `o` of a chunk, from what its record (if any) asks for. */
  private stepWork(o: number, update: boolean, wants: (o: number, m: MetricName) => boolean): StepWork {
    return { update, norms: needsNorms((m) => wants(o, m)), fullGradient: wants(o, 'gradNorm'), sharpness: wants(o, 'sharpness'), distToOpt: wants(o, 'distToOpt') };
  }

  private isMasked(k: number, step: number): boolean {
    return this.divergedAt[k] >= 0 && step >= this.divergedAt[k];
  }

  /** Uploads status, divergedAt and η of every run (the step header is written per chunk). */
  private writeRunState(): void {
    const img = packRuns(this.status, this.divergedAt, this.config.etas);
    this.ctx.device.queue.writeBuffer(this.resources().state, STATE_RUN0 * 4, img);
  }

  /** The step counter and SGD sample the first step of a chunk starts from (bump.wgsl takes over). */
  private writeHeader(step: number): void {
    const opt = this.config.optimizer;
    const sample = opt.kind === 'sgd' ? sgdSample(opt.orderSeed, step, this.plan.n) : 0;
    this.ctx.device.queue.writeBuffer(this.resources().state, 0, packHeader(step, sample));
  }

  /**
   * Queues `chunk` steps from `step` (plus a measurement of the state after them) and a copy of the
   * metrics into `readback`; the promise resolves with them once the GPU is done (status updated).
   */
  private submitChunk(
    step: number,
    chunk: number,
    measureFinal: boolean,
    wants: (o: number, m: MetricName) => boolean,
    readback: GPUBuffer,
  ): Promise<Float32Array> {
    const dev = this.ctx.device;
    const res = this.resources();
    const { K } = this.plan;
    this.writeHeader(step);
    const buffers = this.recordSteps(chunk, wants);
    const enc = dev.createCommandEncoder();
    if (measureFinal) {
      const pass = this.profiler?.pass(enc) ?? enc.beginComputePass();
      this.enc.step(pass, this.stepWork(chunk, false, wants));
      pass.end();
    }
    const used = (chunk + (measureFinal ? 1 : 0)) * K * NMET * 4;
    const metricBytes = this.plan.slots * K * NMET * 4;
    if (used > 0) enc.copyBufferToBuffer(res.metrics, 0, readback, 0, used);
    enc.copyBufferToBuffer(res.state, 0, readback, metricBytes, res.state.size);
    this.profiler?.resolve(enc);
    buffers.push(enc.finish());
    dev.queue.submit(buffers);
    return readback.mapAsync(GPUMapMode.READ).then(() => {
      checkDevice(this.ctx);
      const all = readback.getMappedRange();
      const metrics = new Float32Array(all.slice(0, used));
      const runs = new Uint32Array(all.slice(metricBytes + STATE_RUN0 * 4, metricBytes + res.state.size));
      readback.unmap();
      for (let k = 0; k < K; k++) ({ status: this.status[k], divergedAt: this.divergedAt[k] } = unpackRun(runs, k));
      return metrics;
    });
  }
}
