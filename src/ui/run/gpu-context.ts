// One WebGPU device for the whole page, acquired on first use. After a device loss the next run
// acquires a fresh one (kiosk mode relies on this to recover by itself).

import { acquireGpu, type GpuContext } from '../../gpu/device';

let ctx: Promise<GpuContext> | null = null;
/** The GPU panel's memory limit (bytes) for the next runs; undefined: the planner's default. */
let budget: number | undefined;

export function gpuMemoryBudget(): number | undefined {
  return budget;
}

export function setGpuMemoryBudget(bytes: number | undefined): void {
  budget = bytes;
}

export function gpuContext(): Promise<GpuContext> {
  ctx ??= acquireGpu().then((c) => {
    void c.device.lost.then(() => (ctx = null));
    return c;
  });
  ctx.catch(() => (ctx = null));
  return ctx;
}

/** Why the GPU engine cannot run here, or null when it can. */
export async function gpuUnavailableReason(): Promise<string | null> {
  if (!globalThis.navigator?.gpu) return 'WebGPU is not available in this browser (navigator.gpu is missing)';
  try {
    await gpuContext();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
