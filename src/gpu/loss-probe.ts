// Runs shaders/loss_probe.wgsl: the WGSL losses evaluated at given margins, for the test that holds
// them to src/core/losses.ts.

import type { LossConfig } from '../core/config-types';
import type { GpuContext } from './device';
import { bindByName, compileKernels } from './kernels';
import { packUniform } from './reflect';
import { shaderSources } from './shader-sources';
import { LOSS_CODES } from './loss-codes';

/** [ln ℓ(z), ℓ'(z), ℓ''(z)] for every z, computed in fp32 on the GPU. */
export async function probeLosses(ctx: GpuContext, loss: LossConfig, zs: Float32Array<ArrayBuffer>): Promise<Float32Array> {
  const dev = ctx.device;
  const kernel = (await compileKernels(dev, shaderSources, ['loss_probe'])).loss_probe;
  const layout = kernel.reflection.uniform!;
  const values: Record<string, number> = Object.fromEntries(Object.keys(layout.members).map((k) => [k, 0]));
  Object.assign(values, { n: zs.length, lossKind: LOSS_CODES[loss.kind], lossA: loss.a });
  const make = (size: number, usage: number): GPUBuffer => dev.createBuffer({ size: Math.ceil(size / 16) * 16, usage });
  const P = make(layout.size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  dev.queue.writeBuffer(P, 0, packUniform(layout, values));
  const zbuf = make(zs.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
  dev.queue.writeBuffer(zbuf, 0, zs);
  const out = make(zs.length * 12, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
  const staging = make(zs.length * 12, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  const enc = dev.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, bindByName(dev, kernel, { P, zbuf, probeOut: out }));
  pass.dispatchWorkgroups(Math.ceil(zs.length / 64));
  pass.end();
  enc.copyBufferToBuffer(out, 0, staging, 0, zs.length * 12);
  dev.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const result = new Float32Array(staging.getMappedRange().slice(0, zs.length * 12));
  for (const b of [P, zbuf, out, staging]) b.destroy();
  return result;
}
