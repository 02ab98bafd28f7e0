// WebGPU in Node without a browser: Dawn for Node (the optional npm package `webgpu`), for GPU
// servers that have a Vulkan driver but no Chrome. The same GpuEngine and WGSL run on it; only the
// GPU object comes from here instead of navigator.gpu. Nothing in `npm test` needs this module.
//
// Dawn needs a Vulkan loader (libvulkan.so.1) and a driver: on NVIDIA servers the driver's ICD; on a
// machine with Debian's Chromium, LD_LIBRARY_PATH=/usr/lib/chromium and
// VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json give the software adapter.

import { acquireGpu, type AcquireOptions, type GpuContext } from '../gpu/device';

/** Dawn quantizes timestamp queries to 65.536 µs by default; kernel timings turn that off. */
export const DAWN_TIMESTAMP_FLAGS = ['disable-dawn-features=timestamp_quantization'];

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let gpuPromise: Promise<GPU> | null = null;

/** Dawn's GPU object; also installs the WebGPU globals (GPUBufferUsage, GPUMapMode, …) the engine uses. */
export function dawnGpu(flags: string[] = []): Promise<GPU> {
  gpuPromise ??= (async () => {
    let mod: DawnModule;
    try {
      // A variable specifier keeps bundlers from inlining the native addon; it is loaded at run time.
      const name = 'webgpu';
      mod = (await import(/* @vite-ignore */ name)) as DawnModule;
    } catch (err) {
      throw new Error(`Dawn for Node is unavailable: the optional package "webgpu" could not be loaded (${(err as Error).message}). Install it with npm install webgpu.`);
    }
    for (const [k, v] of Object.entries(mod.globals)) {
      if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
    }
    return mod.create(flags);
  })();
  gpuPromise.catch(() => (gpuPromise = null));
  return gpuPromise;
}

/** A device on Dawn's adapter, with the same limits and adapter info as in the browser. */
export async function acquireDawnGpu(flags: string[] = [], opts: AcquireOptions = {}): Promise<GpuContext> {
  return acquireGpu(await dawnGpu(flags), opts);
}
