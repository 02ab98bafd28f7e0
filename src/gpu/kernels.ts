// Compiled kernels: each WGSL module becomes a compute pipeline whose bind group layout is built
// from its reflection, and whose bind groups are made by binding buffers to WGSL variable names.

import { KERNEL_NAMES, assembleKernel, type KernelName, type ShaderSources } from './shader-catalog';
import { reflectKernel, type KernelReflection } from './reflect';
import { PLAN_TILES } from './memory-plan';

export interface Kernel {
  name: KernelName;
  code: string;
  reflection: KernelReflection;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

export type KernelSet = Record<KernelName, Kernel>;

// Pipelines are per device; engines sharing a device (the host page's) share one compilation,
// which on a software adapter takes seconds.
const compiled = new WeakMap<GPUDevice, WeakMap<ShaderSources, Promise<KernelSet>>>();

export function compileKernels(device: GPUDevice, sources: ShaderSources): Promise<KernelSet> {
  let bySource = compiled.get(device);
  if (!bySource) compiled.set(device, (bySource = new WeakMap()));
  let set = bySource.get(sources);
  if (!set) {
    set = compileAll(device, sources);
    bySource.set(sources, set);
    set.catch(() => bySource.delete(sources));
  }
  return set;
}

async function compileAll(device: GPUDevice, sources: ShaderSources): Promise<KernelSet> {
  const out: Partial<KernelSet> = {};
  await Promise.all(
    KERNEL_NAMES.map(async (name) => {
      const code = assembleKernel(name, sources);
      const reflection = reflectKernel(code);
      const layout = device.createBindGroupLayout({
        label: name,
        entries: reflection.bindings.map((b) => ({ binding: b.binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: b.kind } })),
      });
      const module = device.createShaderModule({ label: name, code });
      const pipeline = await device.createComputePipelineAsync({
        label: name,
        layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: reflection.entryPoint },
      });
      out[name] = { name, code, reflection, pipeline, layout };
    }),
  );
  return out as KernelSet;
}

/** A bind group for `kernel` with each WGSL variable bound to the buffer of the same name. */
export function bindByName(device: GPUDevice, kernel: Kernel, buffers: Record<string, GPUBuffer>): GPUBindGroup {
  return device.createBindGroup({
    label: kernel.name,
    layout: kernel.layout,
    entries: kernel.reflection.bindings.map((b) => {
      const buffer = buffers[b.name];
      if (!buffer) throw new Error(`kernel ${kernel.name}: no buffer named ${b.name}`);
      return { binding: b.binding, resource: { buffer } };
    }),
  });
}

/**
 * The NTK step's forward and backward kernels and their output tile: the 64×64 ones, or the opt-in
 * 128×128 ones (GpuEngineOptions.ntkTile128). The bind groups of resources.ts and the
 * dispatches of step-encoder.ts both take them from this one choice.
 */
export interface NtkStepKernels {
  forward: Kernel;
  backward: Kernel;
  tile: number;
}

export function ntkStepKernels(ks: KernelSet, tile128: boolean): NtkStepKernels {
  return tile128
    ? { forward: ks.ntk_forward_t128, backward: ks.ntk_backward_t128, tile: PLAN_TILES.ntkTile128 }
    : { forward: ks.ntk_forward, backward: ks.ntk_backward, tile: PLAN_TILES.ntkTile };
}
