// What every WebGPU engine (linear and NTK: gpu-engine.ts; the MLP: mlp-engine.ts) takes and does
// the same way: where its device comes from, the memory limits its planner works within, and the
// EngineInfo it reports for the adapter.

import type { EngineInfo } from '../core/engine';
import { acquireGpu, type GpuContext } from './device';
import type { PlanLimits } from './memory-plan';
import type { ShaderSources } from './shader-catalog';

export interface GpuDeviceOptions {
  /** A device to share (several engines on one page); acquired on init when absent. */
  context?: GpuContext;
  /** Supplies a shared device lazily (the host page hands every engine the same one). */
  getContext?: () => Promise<GpuContext>;
  sources?: ShaderSources;
  /** Caps the per-binding size below the device's (tests force neuron blocks with this). */
  maxBindingBytes?: number;
  /** Total GPU memory the planner may use (WebGPU does not report it; --max-gpu-memory lowers it). */
  budgetBytes?: number;
}

/** The planner's budget when none is given: 16 GiB. */
export const DEFAULT_GPU_BUDGET = 16 * 2 ** 30;

export function engineContext(opts: GpuDeviceOptions): Promise<GpuContext> {
  return opts.context ? Promise.resolve(opts.context) : (opts.getContext ?? acquireGpu)();
}

/** The binding, buffer and budget limits a plan must keep to on this device. */
export function planLimits(ctx: GpuContext, opts: GpuDeviceOptions): Pick<PlanLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize' | 'budgetBytes'> {
  return {
    maxStorageBufferBindingSize: Math.min(ctx.limits.maxStorageBufferBindingSize ?? 2 ** 27, opts.maxBindingBytes ?? Infinity),
    maxBufferSize: ctx.limits.maxBufferSize ?? 2 ** 28,
    budgetBytes: opts.budgetBytes ?? DEFAULT_GPU_BUDGET,
  };
}

export function gpuEngineInfo(ctx: GpuContext): EngineInfo {
  return {
    kind: 'gpu',
    name: `WebGPU ${ctx.adapterInfo.description || ctx.adapterInfo.vendor || 'adapter'}`,
    precision: 'float32',
    adapter: { ...ctx.adapterInfo },
    limits: { ...ctx.limits },
  };
}
