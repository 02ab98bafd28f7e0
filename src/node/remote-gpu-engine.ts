// The GPU engines as seen from Node: the engine the page's GPU backend picks for the config's model
// (src/gpu/host.ts) lives in the headless Chrome page and this class forwards every Engine call to
// it. Data cross as base64 typed arrays, not JSON number arrays.

import type { DataDims } from '../core/budget';
import type { AdvanceResult, BatchFit, BatchLimitedEngine, EngineInfo, EngineState, Problem, RecordRequest } from '../core/engine';
import type { ExperimentConfig, MetricName } from '../core/config-types';
import { f64FromBase64, toBase64 } from '../gpu/base64';
import type { WireDataset, WireEngineOptions, WireState } from '../gpu/host-api';
import { stateFromWire, stateToWire } from '../gpu/wire-state';
import type { KernelTimings } from '../gpu/kernel-profiler';
import { DeviceLostError } from '../core/engine-errors';
import { cleanError, launchBrowser, type BrowserSession, type LaunchOptions } from './browser';

/** The page's error as Node sees it. Only its name and message cross the wire; a DeviceLostError is rebuilt from its name. */
function wireError(err: unknown): Error {
  const msg = cleanError(err);
  const lost = /^DeviceLostError: /;
  if ((err instanceof Error && err.name === 'DeviceLostError') || lost.test(msg)) return new DeviceLostError(msg.replace(lost, ''));
  return new Error(msg);
}

export class RemoteGpuEngine implements BatchLimitedEngine {
  info: EngineInfo;
  private id: number | null = null;
  private currentStep = 0;
  private lastProblem: Problem | null = null;

  /** Uses an open session (several engines may share one); `ownsSession` makes close() end it. */
  constructor(
    readonly session: BrowserSession,
    private readonly options: WireEngineOptions = {},
    private readonly ownsSession = false,
  ) {
    this.info = { kind: 'gpu', name: 'WebGPU (headless Chrome)', precision: 'float32', adapter: session.probe.adapter, limits: session.probe.limits };
  }

  /** Launches headless Chrome and returns an engine that owns it. */
  static async launch(options: WireEngineOptions = {}, launch: LaunchOptions = {}): Promise<RemoteGpuEngine> {
    return new RemoteGpuEngine(await launchBrowser(launch), options, true);
  }

  get step(): number {
    return this.currentStep;
  }

  private call<T, A extends unknown[]>(fn: (...args: A) => Promise<T> | T, ...args: A): Promise<T> {
    // puppeteer serialises `fn` and runs it in the page; errors come back with the page's message.
    return (this.session.page.evaluate(fn as never, ...(args as unknown as never[])) as Promise<T>).catch((err: unknown) => {
      throw wireError(err);
    });
  }

  private requireId(): number {
    if (this.id === null) throw new Error('RemoteGpuEngine: call init() first');
    return this.id;
  }

  async init(problem: Problem): Promise<void> {
    this.lastProblem = problem;
    if (this.id === null) this.id = await this.call((o: WireEngineOptions) => window.bigstepHost!.create(o), this.options);
    const { data } = problem;
    const wire: WireDataset = { name: data.name, n: data.n, d: data.d, x: toBase64(Float32Array.from(data.x)), y: toBase64(Float32Array.from(data.y)) };
    if (data.classes !== undefined && data.labels) {
      wire.classes = data.classes;
      wire.labels = toBase64(Float32Array.from(data.labels));
    }
    this.info = await this.call(
      (id: number, cfg: string, w: typeof wire) => window.bigstepHost!.init(id, cfg, w),
      this.id,
      JSON.stringify(problem.config),
      wire,
    );
    this.currentStep = 0;
  }

  /** How many η fit at once, as the page's engine for this config plans it with this engine's options. */
  async batchFit(config: ExperimentConfig, dims: DataDims): Promise<BatchFit> {
    const plain: DataDims = { n: dims.n, d: dims.d, ...(dims.classes !== undefined ? { classes: dims.classes } : {}) };
    return this.call((o: WireEngineOptions, cfg: string, dd: DataDims) => window.bigstepHost!.batchFit(o, cfg, dd), this.options, JSON.stringify(config), plain);
  }

  async advance(steps: number, records: RecordRequest[]): Promise<AdvanceResult> {
    const r = await this.call((id: number, s: number, rec: RecordRequest[]) => window.bigstepHost!.advance(id, s, rec), this.requireId(), steps, records);
    this.currentStep = r.startStep + r.steps;
    return {
      startStep: r.startStep,
      steps: r.steps,
      stepLoss: f64FromBase64(r.stepLoss),
      records: r.records.map((rec) => ({
        step: rec.step,
        values: Object.fromEntries(Object.entries(rec.values).map(([k, v]) => [k, f64FromBase64(v as string)])) as Partial<Record<MetricName, Float64Array>>,
      })),
      status: r.status,
      divergedAt: r.divergedAt,
    };
  }

  async readState(): Promise<EngineState> {
    return stateFromWire(await this.call((id: number) => window.bigstepHost!.readState(id), this.requireId()));
  }

  async writeState(state: EngineState): Promise<void> {
    await this.call((id: number, s: WireState) => window.bigstepHost!.writeState(id, s), this.requireId(), stateToWire(state));
    this.currentStep = state.step;
  }

  /** After a lost device: drop the dead engine and build the same problem on a fresh device, at step 0. */
  async recover(): Promise<void> {
    if (!this.lastProblem) throw new Error('RemoteGpuEngine.recover: init() was never called');
    const dead = this.id;
    this.id = null;
    if (dead !== null) await this.call((i: number) => window.bigstepHost!.dispose(i), dead).catch(() => undefined);
    await this.init(this.lastProblem);
  }

  /** The engine's memory plan, as the page computed it. */
  async plan(): Promise<unknown> {
    return this.call((id: number) => window.bigstepHost!.plan(id), this.requireId());
  }

  /** Milliseconds per dispatch of each stage of a step, measured in the page. */
  async profile(reps = 10): Promise<Record<string, number>> {
    return this.call((id: number, r: number) => window.bigstepHost!.profile(id, r), this.requireId(), reps);
  }

  /** Kernel timings in the page (GpuEngine.beginKernelTimings); the browser must be launched with kernelTimings. */
  async beginKernelTimings(): Promise<void> {
    await this.call((id: number) => window.bigstepHost!.beginKernelTimings(id), this.requireId());
  }

  async endKernelTimings(): Promise<KernelTimings> {
    return this.call((id: number) => window.bigstepHost!.endKernelTimings(id), this.requireId());
  }

  /** Host µs per step to record `steps` steps in the page (GpuEngine.recordingUs): the page's JS and WebGPU calls, not the wire. */
  async recordingUs(steps: number): Promise<number> {
    return this.call((id: number, s: number) => window.bigstepHost!.recordingUs(id, s), this.requireId(), steps);
  }

  async dispose(): Promise<void> {
    if (this.id !== null) {
      const id = this.id;
      this.id = null;
      await this.call((i: number) => window.bigstepHost!.dispose(i), id);
    }
  }

  /** Disposes the engine and, when it owns it, closes the browser and the server. */
  async close(): Promise<void> {
    await this.dispose().catch(() => undefined);
    if (this.ownsSession) await this.session.close();
  }
}
