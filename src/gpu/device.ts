// WebGPU device acquisition: asks the adapter for its real limits (not the 128 MiB defaults the
// big NTK sweeps would hit), records the adapter's info, and turns device loss into a state that
// every later call reports, as a DeviceLostError, instead of hanging.

import { DeviceLostError } from '../core/engine-errors';

export interface GpuContext {
  device: GPUDevice;
  adapterInfo: Record<string, string>;
  /** The limits this device was created with (what the memory planner may use). */
  limits: Record<string, number>;
  /** Set once GPUDevice.lost resolves; every engine call then fails with a DeviceLostError saying this. */
  lostReason: string | null;
  /** A CPU implementation (SwiftShader): dispatches are ~1000× slower, so the planner cuts them smaller. */
  software: boolean;
  /**
   * The 'timestamp-query' feature (kernel timings, src/gpu/kernel-profiler.ts): 'on' when asked for
   * and the adapter has it, 'off' when not asked for, 'unsupported' when the adapter lacks it.
   */
  timestamps: 'on' | 'off' | 'unsupported';
}

export interface AcquireOptions {
  /** Ask for 'timestamp-query' (only kernel timings need it; the device is created without it otherwise). */
  timestamps?: boolean;
}

/** Limits worth raising to the adapter's maximum for this engine. */
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupsPerDimension',
] as const;

export class NoAdapterError extends Error {
  override name = 'NoAdapterError';
}

export async function acquireGpu(gpu: GPU | undefined = globalThis.navigator?.gpu, opts: AcquireOptions = {}): Promise<GpuContext> {
  if (!gpu) {
    throw new NoAdapterError(
      'WebGPU is unavailable: navigator.gpu is undefined. It exists only in secure contexts (serve the page from http://localhost, ' +
        'not file:// or about:blank) and, in headless Chrome, needs --enable-unsafe-webgpu (plus --use-webgpu-adapter=swiftshader on machines without a GPU).',
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new NoAdapterError(
      'WebGPU is present but requestAdapter() returned null: no usable GPU adapter. On a machine without a GPU start Chrome with ' +
        '--enable-unsafe-webgpu --enable-features=Vulkan --use-webgpu-adapter=swiftshader --enable-unsafe-swiftshader.',
    );
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const timestamps = !adapter.features.has('timestamp-query') ? 'unsupported' : opts.timestamps ? 'on' : 'off';
  const device = await adapter.requestDevice({ requiredLimits, ...(timestamps === 'on' ? { requiredFeatures: ['timestamp-query'] as GPUFeatureName[] } : {}) });
  const info = adapter.info;
  const adapterInfo: Record<string, string> = {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
  };
  const software = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true || /swiftshader/i.test(`${info.architecture} ${info.description}`);
  const ctx: GpuContext = { device, adapterInfo, limits: { ...requiredLimits }, lostReason: null, software, timestamps };
  void device.lost.then((l) => {
    ctx.lostReason = `GPU device lost (${l.reason}): ${l.message || 'no message'}`;
  });
  return ctx;
}

/** Throws the context's DeviceLostError once GPUDevice.lost has resolved. */
export function checkDevice(ctx: GpuContext | undefined): void {
  if (ctx?.lostReason) throw new DeviceLostError(ctx.lostReason);
}

/**
 * Runs `call`; where it fails because the device was lost, fails with a DeviceLostError. A device
 * lost while a call is in flight fails that call with whatever the browser says (e.g. mapAsync's
 * AbortError), sometimes before device.lost has resolved: give it a moment (2 s, for a loaded
 * machine), then report the loss itself, so callers see one clear reason (and the scheduler knows
 * to recover).
 */
export async function reportingDeviceLoss<T>(ctx: GpuContext | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (ctx && !ctx.lostReason) await Promise.race([ctx.device.lost, new Promise((resolve) => setTimeout(resolve, 2000))]);
    checkDevice(ctx);
    throw err;
  }
}
