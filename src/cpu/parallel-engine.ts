// The fast CPU engine: the float64 reference's full-batch GD, split over every core with
// worker_threads and SharedArrayBuffers (parallel-layout.ts says who owns what). The main thread
// sums the workers' partial outputs, computes losses and coefficients, and detects divergence,
// exactly as the reference does; the workers do the O(n·d·K) (linear) or O(n·m·d·K) (NTK) work.
//
// Scope: GD (not SGD), and records of loss, expLoss, accuracy; anything else is refused with a
// message. It exists for throughput comparisons, so it is kept small; the reference stays the
// engine of record.

import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExperimentConfig, MetricName } from '../core/config-types';
import type { AdvanceResult, Engine, EngineInfo, EngineState, MetricRecord, Problem, RecordRequest, RunStatus } from '../core/engine';
import { initialWeights, outputSigns } from '../core/init';
import { makeLoss, type Loss } from '../core/losses';
import { CMD, CTRL, type SharedProblem, type WorkerInit } from './parallel-layout';
import { checkRecords, checkStateShape } from '../core/engine-records';

const SUPPORTED: readonly MetricName[] = ['loss', 'expLoss', 'accuracy'];
const F64 = 8;

export interface ParallelEngineOptions {
  /** Worker count; default every core the OS offers. */
  threads?: number;
}

export class ParallelCpuEngine implements Engine {
  readonly info: EngineInfo;
  private readonly threads: number;
  private workers: Worker[] = [];
  private shared!: SharedProblem;
  private config!: ExperimentConfig;
  private loss!: Loss;
  private y!: Float64Array;
  private w!: Float64Array;
  private partial!: Float64Array;
  private coef!: Float64Array;
  private eta!: Float64Array;
  private ctrl!: Int32Array;
  private f!: Float64Array;
  private status: RunStatus[] = [];
  private divergedAt: number[] = [];
  private currentStep = 0;

  constructor(opts: ParallelEngineOptions = {}) {
    this.threads = Math.max(1, opts.threads ?? availableParallelism());
    this.info = { kind: 'cpu', name: `float64 parallel (${this.threads} worker threads, Node ${process.versions.node})`, precision: 'float64' };
  }

  get step(): number {
    return this.currentStep;
  }

  async init(problem: Problem): Promise<void> {
    const { config, data } = problem;
    if (config.optimizer.kind !== 'gd') throw new Error('ParallelCpuEngine: only full-batch GD is supported (use the reference engine for SGD)');
    const kind = config.model.kind;
    if (kind !== 'linear' && kind !== 'ntk') throw new Error(`ParallelCpuEngine: the ${kind} model is not supported (linear and NTK are)`);
    await this.dispose();
    this.config = config;
    this.loss = makeLoss(config.loss);
    const { n, d } = data;
    const K = config.etas.length;
    const m = config.model.kind === 'ntk' ? config.model.width : 1;
    const P = kind === 'linear' ? d : m * d;
    const threads = Math.min(this.threads, kind === 'linear' ? d : m);
    const sab = (count: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(count, 1) * F64);
    this.shared = {
      kind,
      n,
      d,
      m,
      K,
      threads,
      x: sab(n * d),
      w: sab(K * P),
      partial: sab(threads * K * n),
      coef: sab(K * n),
      eta: sab(K),
      a: sab(m),
      ctrl: new SharedArrayBuffer(4 * 4),
    };
    new Float64Array(this.shared.x).set(data.x);
    this.w = new Float64Array(this.shared.w);
    const w0 = initialWeights(config.model, d);
    for (let k = 0; k < K; k++) this.w.set(w0, k * P);
    if (config.model.kind === 'ntk') {
      const a = outputSigns(config.model);
      const scale = 1 / Math.sqrt(m);
      new Float64Array(this.shared.a).set(a.map((v) => v * scale));
    }
    this.y = data.y;
    this.partial = new Float64Array(this.shared.partial);
    this.coef = new Float64Array(this.shared.coef);
    this.eta = new Float64Array(this.shared.eta);
    this.ctrl = new Int32Array(this.shared.ctrl);
    this.f = new Float64Array(K * n);
    this.status = new Array<RunStatus>(K).fill('running');
    this.divergedAt = new Array<number>(K).fill(-1);
    this.currentStep = 0;
    // Wait until every worker has loaded and said so: once the main thread blocks in Atomics.wait,
    // a worker's start-up error could no longer be delivered.
    this.workers = Array.from({ length: threads }, (_, index) => spawnWorker({ problem: this.shared, index }));
    try {
      await Promise.all(this.workers.map(ready));
    } catch (err) {
      await Promise.all(this.workers.map((w) => w.terminate()));
      this.workers = [];
      throw err;
    }
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    if (this.workers.length === 0) throw new Error('ParallelCpuEngine: call init() first');
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`advance: steps must be an integer >= 0, got ${steps}`);
    checkRecords(records, steps);
    for (const r of records) {
      const bad = r.metrics.filter((m) => !SUPPORTED.includes(m));
      if (bad.length > 0) throw new Error(`ParallelCpuEngine: metrics ${bad.join(', ')} are not supported (only ${SUPPORTED.join(', ')})`);
    }
    const { K, n } = this.shared;
    const startStep = this.currentStep;
    const stepLoss = new Float64Array(steps * K).fill(NaN);
    const out: MetricRecord[] = records.map((r) => ({ step: startStep + r.offset, values: Object.fromEntries(r.metrics.map((m) => [m, new Float64Array(K).fill(NaN)])) }));
    let next = 0;
    for (let o = 0; o <= steps; o++) {
      const wantRecord = next < records.length && records[next].offset === o;
      if (o === steps && !wantRecord) break;
      if (!this.status.includes('running')) break;
      this.command(CMD.forward);
      this.reduce();
      for (let k = 0; k < K; k++) {
        this.eta[k] = 0;
        if (this.status[k] !== 'running') continue;
        let loss = 0;
        for (let i = 0; i < n; i++) loss += this.loss.value(this.y[i] * this.f[k * n + i]);
        loss /= n;
        if (!Number.isFinite(loss) || loss > this.config.divergeAbove) {
          this.status[k] = 'diverged';
          this.divergedAt[k] = startStep + o;
          continue;
        }
        if (o < steps) stepLoss[o * K + k] = loss;
        if (wantRecord) this.measure(k, loss, records[next].metrics, out[next]);
        for (let i = 0; i < n; i++) this.coef[k * n + i] = (this.y[i] * this.loss.d1(this.y[i] * this.f[k * n + i])) / n;
        this.eta[k] = this.config.etas[k];
      }
      if (wantRecord) next++;
      if (o === steps) break;
      this.command(CMD.backward);
    }
    this.currentStep = startStep + steps;
    return { startStep, steps, stepLoss, records: out, status: this.status.slice(), divergedAt: this.divergedAt.slice() };
  }

  async readState(): Promise<EngineState> {
    const { K } = this.shared;
    const P = this.w.length / K;
    return { step: this.currentStep, weights: Array.from({ length: K }, (_, k) => this.w.slice(k * P, (k + 1) * P)), status: this.status.slice(), divergedAt: this.divergedAt.slice() };
  }

  async writeState(state: EngineState): Promise<void> {
    const { K } = this.shared;
    const P = this.w.length / K;
    checkStateShape(state, K, P); // warm starts, if the state has them, are checked and left unused: no sharpness here
    state.weights.forEach((w, k) => this.w.set(w, k * P));
    this.status = state.status.slice();
    this.divergedAt = state.divergedAt.slice();
    this.currentStep = state.step;
  }

  async dispose(): Promise<void> {
    if (this.workers.length === 0) return;
    Atomics.store(this.ctrl, CTRL.command, CMD.exit);
    Atomics.add(this.ctrl, CTRL.generation, 1);
    Atomics.notify(this.ctrl, CTRL.generation);
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }

  /** Runs one phase on every worker and blocks until all are done (a step is far shorter than an event-loop turn matters). */
  private command(cmd: number): void {
    const c = this.ctrl;
    Atomics.store(c, CTRL.done, 0);
    Atomics.store(c, CTRL.command, cmd);
    Atomics.add(c, CTRL.generation, 1);
    Atomics.notify(c, CTRL.generation);
    for (let v = Atomics.load(c, CTRL.done); v !== this.shared.threads; v = Atomics.load(c, CTRL.done)) {
      // A worker that died mid-phase would leave us waiting forever: a 60 s silence is an error.
      if (Atomics.wait(c, CTRL.done, v, 60_000) === 'timed-out' && Atomics.load(c, CTRL.done) === v) {
        throw new Error('ParallelCpuEngine: a worker stopped answering');
      }
    }
  }

  /** f = Σ over workers of the partial outputs. */
  private reduce(): void {
    const { K, n, threads } = this.shared;
    const len = K * n;
    this.f.set(this.partial.subarray(0, len));
    for (let t = 1; t < threads; t++) for (let q = 0; q < len; q++) this.f[q] += this.partial[t * len + q];
  }

  private measure(k: number, loss: number, metrics: MetricName[], rec: MetricRecord): void {
    const { n } = this.shared;
    for (const name of metrics) {
      const v = rec.values[name]!;
      if (name === 'loss') v[k] = loss;
      else {
        let s = 0;
        for (let i = 0; i < n; i++) {
          const z = this.y[i] * this.f[k * n + i];
          s += name === 'expLoss' ? Math.exp(-z) : z > 0 ? 1 : 0;
        }
        v[k] = s / n;
      }
    }
  }
}

function spawnWorker(init: WorkerInit): Worker {
  let worker: Worker;
  if (import.meta.url.endsWith('.ts')) {
    // From TypeScript sources (tsx, vitest): a worker does not inherit the parent's loader, so a
    // two-line bootstrap registers tsx's ES-module hooks and then imports the worker's source.
    const api = tsxEsmApi();
    const src = new URL('./parallel-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(src)}); });`;
    worker = new Worker(boot, { eval: true, workerData: init });
  } else {
    worker = new Worker(new URL('./parallel-worker.js', import.meta.url), { workerData: init });
  }
  worker.unref();
  return worker;
}

/** The ES-module entry of tsx's API, from its package.json exports (require.resolve would give the CommonJS one). */
function tsxEsmApi(): string {
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return join(dirname(pkgPath), pkg.exports['./esm/api'].import.default);
}

function ready(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', (err) => reject(new Error(`ParallelCpuEngine: a worker failed to start: ${err.message}`)));
    worker.once('exit', (code) => reject(new Error(`ParallelCpuEngine: a worker exited (code ${code}) before it was ready`)));
  });
}
