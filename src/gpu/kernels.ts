// Compiled kernels: each WGSL module becomes a compute pipeline whose bind group layout is built
// from its reflection, and whose bind groups are made by binding buffers to WGSL variable names.

import { KERNEL_NAMES, assembleKernel, sourceLine, type KernelName, type ShaderSources } from './shader-catalog';
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

/**
 * The kernels one engine runs. Only these get a pipeline: on a software adapter each compilation
 * takes a second or more, and compiling all of them made an engine's first start several times
 * slower than it needed to be.
 */
export function kernelsFor(model: 'linear' | 'ntk' | 'mlp', opts: { linearFused?: boolean; ntkTile128?: boolean; distToOpt?: boolean } = {}): KernelName[] {
  const sharpness: KernelName[] = ['sharp_hcoef', 'sharp_normalize', 'sharp_scale'];
  const step: KernelName[] = ['stats', 'finalize', 'bump'];
  if (model === 'mlp') return ['mlp_matmul', 'mlp_act', 'mlp_stats', 'mlp_update', 'mlp_norms'];
  if (model === 'linear') {
    return [
      ...step,
      ...sharpness,
      'linear_forward',
      'linear_backward',
      'linear_update',
      'linear_hvp',
      ...(opts.linearFused ? (['linear_fused', 'linear_fused_bump'] as const) : []),
      ...(opts.distToOpt ? (['dist_opt'] as const) : []),
    ];
  }
  // The 64×64 NTK kernels always: the sharpness's products run on them even beside the 128 tiles.
  return [...step, ...sharpness, 'ntk_forward', 'ntk_backward', ...(opts.ntkTile128 ? (['ntk_forward_t128', 'ntk_backward_t128'] as const) : [])];
}

interface DeviceKernels {
  /** Every kernel's code, reflection and bind group layout (cheap, and read by the planners' checks). */
  kernels: KernelSet;
  /** Pipelines compiled so far, by name (each compiled once per device and sources). */
  pipelines: Map<KernelName, Promise<GPUComputePipeline>>;
}

// Pipelines are per device; engines sharing a device (the host page's) share each compilation.
const compiled = new WeakMap<GPUDevice, WeakMap<ShaderSources, DeviceKernels>>();

/**
 * The kernel set with pipelines for `names` (compiled now, or earlier on this device). A kernel not
 * named has its code, reflection and layout but no pipeline: reaching for it is an error that says so.
 */
export async function compileKernels(device: GPUDevice, sources: ShaderSources, names: readonly KernelName[] = KERNEL_NAMES): Promise<KernelSet> {
  let bySource = compiled.get(device);
  if (!bySource) compiled.set(device, (bySource = new WeakMap()));
  let dk = bySource.get(sources);
  if (!dk) bySource.set(sources, (dk = { kernels: describeAll(device, sources), pipelines: new Map() }));
  const { kernels, pipelines } = dk;
  await Promise.all(
    names.map(async (name) => {
      let pipeline = pipelines.get(name);
      if (!pipeline) {
        pipeline = compilePipeline(device, kernels[name]);
        pipelines.set(name, pipeline);
        pipeline.catch(() => pipelines.delete(name));
      }
      const ready = await pipeline;
      Object.defineProperty(kernels[name], 'pipeline', { value: ready, enumerable: true });
    }),
  );
  return kernels;
}

/** The kernel's pipeline, or null where its engine did not ask for one. */
export function compiledPipeline(kernel: Kernel): GPUComputePipeline | null {
  const own = Object.getOwnPropertyDescriptor(kernel, 'pipeline');
  return own && 'value' in own ? (own.value as GPUComputePipeline) : null;
}

function describeAll(device: GPUDevice, sources: ShaderSources): KernelSet {
  const out: Partial<KernelSet> = {};
  for (const name of KERNEL_NAMES) {
    const code = assembleKernel(name, sources);
    const reflection = reflectKernel(code);
    const layout = device.createBindGroupLayout({
      label: name,
      entries: reflection.bindings.map((b) => ({ binding: b.binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: b.kind } })),
    });
    const kernel = { name, code, reflection, layout } as Kernel;
    Object.defineProperty(kernel, 'pipeline', {
      configurable: true,
      enumerable: true,
      get: () => {
        throw new Error(`kernel ${name} has no pipeline on this device: its engine did not ask for it (src/gpu/kernels.ts kernelsFor)`);
      },
    });
    out[name] = kernel;
  }
  return out as KernelSet;
}

/**
 * The kernel's pipeline, created inside a validation error scope: a WGSL error fails with a
 * ShaderCompileError that names the kernel, the shader file and the line (from
 * getCompilationInfo), not with a pipeline that is invalid later or a bare browser message.
 */
async function compilePipeline(device: GPUDevice, kernel: Kernel): Promise<GPUComputePipeline> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: kernel.name, code: kernel.code });
  const pipeline = device
    .createComputePipelineAsync({
      label: kernel.name,
      layout: device.createPipelineLayout({ bindGroupLayouts: [kernel.layout] }),
      compute: { module, entryPoint: kernel.reflection.entryPoint },
    })
    .then(
      (p) => ({ p, err: null }),
      (err: unknown) => ({ p: null, err }),
    );
  const scoped = await device.popErrorScope();
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) throw new ShaderCompileError(kernel.name, errors.map((m) => `${sourceLine(kernel.code, m.lineNum)}:${m.linePos}: ${m.message}`));
  const done = await pipeline;
  if (scoped) throw new ShaderCompileError(kernel.name, [scoped.message]);
  if (!done.p) throw new ShaderCompileError(kernel.name, [(done.err as Error)?.message ?? String(done.err)]);
  return done.p;
}

/** A kernel whose WGSL does not compile; the message names the kernel and each error's file and line. */
export class ShaderCompileError extends Error {
  override name = 'ShaderCompileError';
  constructor(
    readonly kernel: KernelName,
    readonly errors: string[],
  ) {
    super(`WGSL of kernel ${kernel} does not compile: ${errors.join('; ')}`);
  }
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
