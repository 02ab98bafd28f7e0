// The API the GPU host page (host.html) exposes on `window.bigstepHost`, and the JSON-safe shapes
// that cross puppeteer's evaluate(): numbers in typed arrays travel as base64.

import type { DataDims } from '../core/budget';
import type { LossConfig, MetricName } from '../core/config-types';
import type { BatchFit, EngineInfo, RecordRequest, RunStatus } from '../core/engine';
import type { KernelTimings } from './kernel-profiler';

export interface WireDataset {
  name: string;
  n: number;
  d: number;
  /** Float32Array (the GPU computes in fp32 anyway) as base64. */
  x: string;
  y: string;
  /** Multi-class data: the number of classes and the labels (Uint8Array as base64). */
  classes?: number;
  labels?: string;
}

export interface WireEngineOptions {
  maxBindingBytes?: number;
  /** GPU memory the engine's plan may take (--max-gpu-memory). */
  budgetBytes?: number;
  stepsPerSubmit?: number;
  maxDispatchFlops?: number;
  linearFused?: boolean;
  ntkTile128?: boolean;
}

export interface WireAdvanceResult {
  startStep: number;
  steps: number;
  stepLoss: string;
  records: { step: number; values: Partial<Record<MetricName, string>> }[];
  status: RunStatus[];
  divergedAt: number[];
}

export interface WireState {
  step: number;
  weights: string[];
  status: RunStatus[];
  divergedAt: number[];
  /** The sharpness warm starts (EngineState.eigenvectors), float64 base64 like the weights. */
  eigenvectors?: string[];
  /** Momentum runs' velocities (EngineState.velocities), float64 base64. */
  velocities?: string[];
}

export interface HostProbe {
  adapter: Record<string, string>;
  limits: Record<string, number>;
  userAgent: string;
  /** The device's 'timestamp-query' (GpuContext.timestamps). */
  timestamps?: 'on' | 'off' | 'unsupported';
}

export interface HostApi {
  probe(): Promise<HostProbe>;
  create(opts: WireEngineOptions): number;
  /** Picks the engine for the config's model (the GPU backend) and initialises it. */
  init(id: number, configJson: string, data: WireDataset): Promise<EngineInfo>;
  /** How many η of the config fit at once with these options (BatchLimitedEngine.batchFit). */
  batchFit(opts: WireEngineOptions, configJson: string, dims: DataDims): Promise<BatchFit>;
  advance(id: number, steps: number, records: RecordRequest[]): Promise<WireAdvanceResult>;
  readState(id: number): Promise<WireState>;
  writeState(id: number, state: WireState): Promise<void>;
  dispose(id: number): Promise<void>;
  /** ln ℓ, ℓ', ℓ'' of shaders/losses.wgsl at the margins `zs` (base64 Float32Array in and out, 3 per z). */
  probeLosses(loss: LossConfig, zs: string): Promise<string>;
  /** Destroys the shared device, as a driver reset would (tests of device-loss handling). */
  loseDevice(): Promise<void>;
  /** The memory plan of engine `id` (for logs and tests). */
  plan(id: number): unknown;
  /** Milliseconds per dispatch of each stage of a step (diagnostics). */
  profile(id: number, reps: number): Promise<Record<string, number>>;
  /** GpuEngine.beginKernelTimings / endKernelTimings (GPU time per kernel, from timestamp queries). */
  beginKernelTimings(id: number): void;
  endKernelTimings(id: number): Promise<KernelTimings>;
  /** GpuEngine.recordingUs: host µs per step to record `steps` steps, measured in the page. */
  recordingUs(id: number, steps: number): number;
}

declare global {
  interface Window {
    bigstepHost?: HostApi;
    bigstepHostError?: string;
  }
}
