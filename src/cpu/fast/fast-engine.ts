// The fast CPU engine: full-batch GD of the linear model and the NTK network in float64 (or float32) with
// WebAssembly SIMD kernels (kernels-wat.ts), on every core (worker threads sharing the kernels'
// memory), in Node and in the browser. Each kernel reads X once for all K runs (a GEMM over the
// η batch). Every sum runs in the reference engine's order in one thread (plan.ts), so losses,
// weights and records equal the float64 reference's bit for bit, for any thread count.
//
// Records are measured on the engine's thread from the current weights and margins with the
// reference's code (measure.ts); gradNorm takes one extra gradient phase. Online SGD, the adaptive
// and momentum methods, the ℓ2 term, distToOpt and the MLP have their own engines (the CPU backend,
// ../backend.ts, picks them by fastSupports). Everything lives in one WebAssembly memory of at most
// 4 GiB: a longer η list runs in batches that fit (batchFit).

import type { DataDims } from '../../core/budget';
import type { ExperimentConfig } from '../../core/config-types';
import { largestFitting, type AdvanceResult, type BatchFit, type BatchLimitedEngine, type EngineInfo, type EngineState, type Problem, type RecordRequest } from '../../core/engine';
import { checkAdvance, emptyValues } from '../../core/engine-records';
import { initialWeights, outputSigns } from '../../core/init';
import { makeLoss } from '../../core/losses';
import { measureRun } from '../measure';
import { makeCpuModel } from '../models';
import { Objective } from '../objective';
import { CpuRunSet } from '../run-set';
import { startVector } from '../sharpness';
import { KERNELS_WASM } from './kernels-wasm';
import type { KernelPrecision } from './kernels-wat';
import { CMD, CTRL, dIndex, makePlan, type Plan, type ThreadInit } from './plan';
import { matrices, ThreadWork } from './thread-work';
import type { Platform, WorkerThreads } from './threads';

const PAGE = 65536;
/** WebAssembly's 32-bit memory: 65536 pages of 64 KiB, 4 GiB. */
const MAX_BYTES = 65536 * PAGE;

export interface FastEngineOptions {
  /** Threads; default every core the platform offers (1 where threads cannot share memory). */
  threads?: number;
  /**
   * float64 (default): equal to the reference bit for bit. float32: X, the weights and the GEMMs
   * in float32 (twice the SIMD lanes, half the memory traffic), losses and coefficients still
   * computed in float64 from the float32 outputs; agrees with the reference to float32 rounding.
   */
  precision?: KernelPrecision;
  /** Memory the engine may take (default and at most WebAssembly's 4 GiB); less makes smaller η batches. */
  maxBytes?: number;
}

export class FastCpuEngine implements BatchLimitedEngine {
  readonly info: EngineInfo;
  private readonly threads: number;
  private readonly precision: KernelPrecision;
  private readonly maxBytes: number;
  private config!: ExperimentConfig;
  private plan!: Plan;
  private memory!: WebAssembly.Memory;
  /** The memory as float64 (outputs f, loss terms) and in the matrices' element type (X, W, G, P, D, η). */
  private mem: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private mat: Float64Array<ArrayBufferLike> | Float32Array<ArrayBufferLike> = new Float64Array(0);
  private objective!: Objective;
  private w0!: Float64Array;
  private runs = CpuRunSet.empty();
  /** With one thread the engine does the work itself; otherwise workers do, signalled through ctrl. */
  private work: ThreadWork | null = null;
  private workers: WorkerThreads | null = null;
  private ctrl: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private active = 0;

  constructor(
    private readonly platform: Platform,
    opts: FastEngineOptions = {},
  ) {
    const wanted = opts.threads ?? platform.cores;
    if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`fast CPU engine: threads must be an integer >= 1, got ${wanted}`);
    this.threads = platform.spawn ? wanted : 1;
    this.precision = opts.precision ?? 'float64';
    this.maxBytes = Math.min(opts.maxBytes ?? MAX_BYTES, MAX_BYTES);
    const threads = `${this.threads} thread${this.threads === 1 ? '' : 's'}`;
    this.info = { kind: 'cpu', name: `${this.precision} wasm-simd (${threads}, ${platform.runtime})`, precision: this.precision };
  }

  get step(): number {
    return this.runs.step;
  }

  /** How many η of `config` fit in the engine's memory at once. */
  async batchFit(config: ExperimentConfig, dims: DataDims): Promise<BatchFit> {
    const { kind, m } = fastModel(config);
    return largestFitting(config.etas.length, (K) => {
      const bytes = makePlan(kind, dims.n, dims.d, m, K, this.precision).bytes;
      return bytes <= this.maxBytes ? null : `fast CPU engine: ${K} runs need ${fmtGiB(bytes)}, over the engine's ${fmtGiB(this.maxBytes)} (WebAssembly memory)`;
    });
  }

  async init(problem: Problem): Promise<void> {
    await this.dispose();
    const { config, data } = problem;
    const { kind, m } = fastModel(config);
    this.config = config;
    const { n, d } = data;
    const K = config.etas.length;
    const plan = makePlan(kind, n, d, m, K, this.precision);
    const pages = Math.ceil(plan.bytes / PAGE);
    if (plan.bytes > this.maxBytes) throw new RangeError(`fast CPU engine: the problem needs ${fmtGiB(plan.bytes)}, over the engine's ${fmtGiB(this.maxBytes)} (WebAssembly memory)`);
    const threads = Math.min(this.threads, plan.np / plan.cols, plan.dp / plan.cols);
    this.plan = plan;
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: threads > 1 });
    this.mem = new Float64Array(this.memory.buffer);
    this.mat = matrices(plan, this.memory);
    const model = makeCpuModel(config.model, data);
    this.objective = new Objective(model, data, makeLoss(config.loss));
    this.w0 = initialWeights(config.model, d);
    this.runs = new CpuRunSet(K, this.w0, () => startVector(model.size));
    this.writeData(data.x);
    this.writeWeights();
    this.mat.fill(-1, plan.minusOne / plan.elem, plan.minusOne / plan.elem + plan.rp);
    this.writeStepsizes();
    const a = config.model.kind === 'ntk' ? outputSigns(config.model) : new Float64Array(0);
    const scale = 1 / Math.sqrt(m);
    const init = (index: number): ThreadInit => ({ plan, loss: config.loss, y: data.y, a, aScaled: a.map((v) => v * scale), scale, threads, index });
    const module = new WebAssembly.Module(decodeBase64(KERNELS_WASM[this.precision][threads > 1 ? 'shared' : 'private']));
    // The engine's own thread does share 0 of every phase (it would only wait otherwise): one
    // worker fewer to wake, which matters most when other processes compete for the cores.
    this.work = new ThreadWork(init(0), this.memory, module);
    if (threads === 1) return;
    const ctrl = new SharedArrayBuffer(4 * CTRL.length);
    this.ctrl = new Int32Array(ctrl);
    this.active = threads - 1;
    const messages = Array.from({ length: threads - 1 }, (_, q) => ({ init: init(q + 1), memory: this.memory, module, ctrl }));
    this.workers = await this.platform.spawn!(messages);
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    if (!this.work) throw new Error('fast CPU engine: call init() first');
    checkAdvance(steps, records);
    const { K, n, np } = this.plan;
    const runs = this.runs;
    const mem = this.mem;
    const L = this.plan.lossTerms / 8;
    const startStep = runs.step;
    const stepLoss = new Float64Array(steps * K).fill(NaN);
    const out = records.map((r) => ({ step: startStep + r.offset, values: emptyValues(r.metrics, K) }));
    let next = 0;
    for (let o = 0; o <= steps; o++) {
      const wantRecord = next < records.length && records[next].offset === o;
      if (o === steps && !wantRecord) break;
      if (!runs.status.includes('running')) break;
      this.phase(CMD.forward);
      const measured: number[] = [];
      for (let k = 0; k < K; k++) {
        if (runs.status[k] !== 'running') continue;
        let s = 0;
        for (let i = 0; i < n; i++) s += mem[L + k * np + i];
        const loss = s / n;
        if (!Number.isFinite(loss) || loss > this.config.divergeAbove) {
          runs.diverge(k, startStep + o);
          this.stopRun(k);
          continue;
        }
        if (o < steps) stepLoss[o * K + k] = loss;
        measured.push(k, loss);
      }
      if (wantRecord) {
        this.record(measured, records[next].metrics, out[next]);
        next++;
      }
      if (o === steps) break;
      this.phase(CMD.backward);
    }
    runs.step = startStep + steps;
    return { startStep, steps, stepLoss, records: out, status: runs.status.slice(), divergedAt: runs.divergedAt.slice() };
  }

  async readState(): Promise<EngineState> {
    this.readWeights();
    return this.runs.readState();
  }

  async writeState(state: EngineState): Promise<void> {
    this.runs.writeState(state);
    this.writeWeights();
    this.writeStepsizes();
  }

  async dispose(): Promise<void> {
    this.work = null;
    if (this.workers) {
      Atomics.store(this.ctrl, CTRL.command, CMD.exit);
      Atomics.add(this.ctrl, CTRL.generation, 1);
      Atomics.notify(this.ctrl, CTRL.generation);
      await this.workers.terminate();
      this.workers = null;
    }
    this.runs = CpuRunSet.empty();
    this.mem = new Float64Array(0);
    this.mat = this.mem;
  }

  /** Runs one phase on every thread and blocks until all are done (a phase is far shorter than an event-loop turn matters). */
  private phase(cmd: number): void {
    const work = this.work!;
    if (!this.workers) return work.run(cmd);
    const c = this.ctrl;
    Atomics.store(c, CTRL.done, 0);
    Atomics.store(c, CTRL.command, cmd);
    Atomics.add(c, CTRL.generation, 1);
    Atomics.notify(c, CTRL.generation);
    work.run(cmd);
    for (let v = Atomics.load(c, CTRL.done); v !== this.active; v = Atomics.load(c, CTRL.done)) {
      // A worker that died mid-phase would leave us waiting forever: a 60 s silence is an error.
      if (Atomics.wait(c, CTRL.done, v, 60_000) === 'timed-out' && Atomics.load(c, CTRL.done) === v) {
        throw new Error('fast CPU engine: a worker stopped answering');
      }
    }
  }

  /** Measures the runs in `measured` (pairs k, loss) at the current step with the reference's code. */
  private record(measured: number[], metrics: RecordRequest['metrics'], rec: AdvanceResult['records'][number]): void {
    if (measured.length === 0) return;
    const { n, np, m, d } = this.plan;
    const wantGrad = metrics.includes('gradNorm');
    if (wantGrad) this.phase(CMD.gradient);
    const y = this.objective.data.y;
    const size = m * d;
    const z = new Float64Array(n);
    const w = new Float64Array(size);
    const grad = new Float64Array(wantGrad ? size : 0);
    for (let q = 0; q < measured.length; q += 2) {
      const k = measured[q];
      const F = this.plan.f / 8 + k * np;
      for (let i = 0; i < n; i++) z[i] = y[i] * this.mem[F + i];
      this.copyRows(this.plan.w, k, w);
      if (wantGrad) this.copyRows(this.plan.g, k, grad);
      const run = { k, w, w0: this.w0, z, loss: measured[q + 1], grad, eigenvector: this.runs.eigenvectors[k], sharpnessIterations: this.config.record.sharpnessIterations };
      measureRun(this.objective, run, metrics, rec);
    }
  }

  /** Run k's m rows of the rp × dp matrix at byte offset `at`, unpadded (m × d, the reference's layout), into out. */
  private copyRows(at: number, k: number, out: Float64Array): void {
    const { m, d, dp } = this.plan;
    for (let s = 0; s < m; s++) {
      const from = at / this.plan.elem + (k * m + s) * dp;
      out.set(this.mat.subarray(from, from + d), s * d);
    }
  }

  /** Run k has stopped: no more updates (η = 0) and no coefficients in this step's backward pass. */
  private stopRun(k: number): void {
    const { m, np, n } = this.plan;
    const D = this.plan.dcoef / this.plan.elem;
    for (let s = 0; s < m; s++) {
      this.mat[this.plan.eta / this.plan.elem + k * m + s] = 0;
      for (let i = 0; i < n; i++) this.mat[D + dIndex(np, k * m + s, i)] = 0;
    }
  }

  private writeStepsizes(): void {
    const { m, K } = this.plan;
    for (let k = 0; k < K; k++) {
      const eta = this.runs.status[k] === 'running' ? this.config.etas[k] : 0;
      this.mat.fill(eta, this.plan.eta / this.plan.elem + k * m, this.plan.eta / this.plan.elem + (k + 1) * m);
    }
  }

  /** X, zero-padded, packed in feature tiles (backward) and in sample tiles (forward): see kernels-wat.ts. */
  private writeData(x: Float64Array): void {
    const { n, d, np, dp, cols: C } = this.plan;
    const X = this.plan.x / this.plan.elem;
    const Xt = this.plan.xt / this.plan.elem;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j];
        this.mat[X + (Math.floor(j / C) * np + i) * C + (j % C)] = v;
        this.mat[Xt + (Math.floor(i / C) * dp + j) * C + (i % C)] = v;
      }
    }
  }

  /** The runs' weights (CpuRunSet, reference layout) into the padded W rows. */
  private writeWeights(): void {
    const { m, d, dp, K } = this.plan;
    for (let k = 0; k < K; k++) {
      const w = this.runs.weights[k];
      for (let s = 0; s < m; s++) this.mat.set(w.subarray(s * d, (s + 1) * d), this.plan.w / this.plan.elem + (k * m + s) * dp);
    }
  }

  private readWeights(): void {
    for (let k = 0; k < this.plan.K; k++) this.copyRows(this.plan.w, k, this.runs.weights[k]);
  }
}

/**
 * What the WebAssembly kernels run: full-batch GD of the linear and NTK models without an ℓ2 term.
 * The CPU backend (../backend.ts) gives everything else (online SGD, adaptive and momentum methods,
 * loss.l2, the distToOpt metric) to the float64 reference engine and the MLP to its own engine.
 */
export function fastSupports(config: ExperimentConfig): boolean {
  return config.model.kind !== 'mlp' && config.optimizer.kind === 'gd' && !(config.loss.l2 ?? 0) && !config.metrics.includes('distToOpt');
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let q = 0; q < raw.length; q++) bytes[q] = raw.charCodeAt(q);
  return bytes;
}

/** The model this engine runs (full-batch GD of the linear model or the NTK network), or a clear refusal. */
function fastModel(config: ExperimentConfig): { kind: 'linear' | 'ntk'; m: number } {
  const model = config.model;
  if (model.kind === 'mlp' || !fastSupports(config)) {
    throw new Error('fast CPU engine: runs full-batch GD of the linear model and the NTK network without an ℓ2 term or distToOpt (the CPU backend gives the rest to the reference and MLP engines)');
  }
  return { kind: model.kind, m: model.kind === 'ntk' ? model.width : 1 };
}

function fmtGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 3 : 1)} GiB`;
}
