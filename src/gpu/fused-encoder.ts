// The opt-in fused path of the linear model (GpuEngineOptions.linearFused): a run of GD steps is one
// dispatch of shaders/linear_fused.wgsl (one workgroup per run, the steps looped inside the kernel)
// plus linear_fused_bump for the step header, instead of 4 or 5 dispatches per step. It writes the
// same metric slots and run-state words as the default path (metrics-layout.ts), so the host side
// (fillRecord, stepLoss, divergence) is unchanged. Steps that record sharpness or distToOpt, the
// measurement at offset n, SGD and problems larger than the kernel's workgroup arrays use the
// default path.

import type { ExperimentConfig } from '../core/config-types';
import { bindByName, type KernelSet } from './kernels';
import type { MemoryPlan } from './memory-plan';
import { wgslConst } from './reflect';
import type { GpuResources } from './resources';

/** Steps [start, start + steps) of a chunk, fused into one dispatch or stepped one by one. */
export interface Segment {
  start: number;
  steps: number;
  fused: boolean;
}

/** Why the fused kernel cannot run this problem, or null when it can. */
export function fusedIneligible(config: ExperimentConfig, plan: MemoryPlan, ks: KernelSet, maxWorkgroupBytes: number): string | null {
  if (config.model.kind !== 'linear') return `model ${config.model.kind}`;
  if (config.optimizer.kind !== 'gd') return `optimizer ${config.optimizer.kind}`;
  if ((config.loss.l2 ?? 0) > 0) return 'the ℓ2 term';
  if (plan.blocks.length !== 1) return 'more than one weight block';
  const code = ks.linear_fused.code;
  const FD = wgslConst(code, 'FD');
  const FN = wgslConst(code, 'FN');
  if (plan.d > FD) return `d = ${plan.d} > ${FD}`;
  if (plan.n > FN) return `n = ${plan.n} > ${FN}`;
  const bytes = 4 * (FD + FN) + 2 * 16 * wgslConst(code, 'WG') + 4;
  if (bytes > maxWorkgroupBytes) return `${bytes} bytes of workgroup memory > the device's ${maxWorkgroupBytes}`;
  return null;
}

/**
 * Splits `chunk` steps into segments: maximal runs of fusable steps (at most `maxFused` each), and
 * runs of other steps (at most `per`, the default path's steps per command buffer). With no fused
 * path, `fusable` is false everywhere and the chunk is cut every `per` steps.
 */
export function splitSegments(chunk: number, fusable: (o: number) => boolean, per: number, maxFused: number): Segment[] {
  const out: Segment[] = [];
  let o = 0;
  while (o < chunk) {
    const fused = fusable(o);
    const cap = fused ? maxFused : per;
    let end = o + 1;
    while (end < chunk && end - o < cap && fusable(end) === fused) end++;
    out.push({ start: o, steps: end - o, fused });
    o = end;
  }
  return out;
}

export class FusedLinearEncoder {
  /** Bind groups per segment length (the length is a one-word storage buffer the kernels read). */
  private readonly byLength = new Map<number, { fused: GPUBindGroup; bump: GPUBindGroup }>();
  private owned: GPUBuffer[] = [];
  /** Most steps per dispatch: keeps one dispatch's work under the engine's per-dispatch cap. */
  readonly maxSteps: number;

  constructor(
    private readonly device: GPUDevice,
    private readonly ks: KernelSet,
    private readonly res: GpuResources,
    private readonly plan: MemoryPlan,
    maxDispatchFlops: number,
  ) {
    // Per step and run: 2·n·d flops for the margins and 2·n·d for the gradient.
    this.maxSteps = Math.max(1, Math.floor(maxDispatchFlops / (4 * plan.K * plan.n * plan.d)));
  }

  /** `steps` GD steps of every run, then the header advanced by `steps`. */
  encode(pass: GPUComputePassEncoder, steps: number): void {
    const g = this.groups(steps);
    pass.setPipeline(this.ks.linear_fused.pipeline);
    pass.setBindGroup(0, g.fused);
    pass.dispatchWorkgroups(this.plan.K);
    pass.setPipeline(this.ks.linear_fused_bump.pipeline);
    pass.setBindGroup(0, g.bump);
    pass.dispatchWorkgroups(1);
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
    this.owned = [];
    this.byLength.clear();
  }

  private groups(steps: number): { fused: GPUBindGroup; bump: GPUBindGroup } {
    let g = this.byLength.get(steps);
    if (!g) {
      const fusedSteps = this.device.createBuffer({ label: `fusedSteps ${steps}`, size: 16, usage: GPUBufferUsage.STORAGE, mappedAtCreation: true });
      new Uint32Array(fusedSteps.getMappedRange()).set([steps, 0, 0, 0]);
      fusedSteps.unmap();
      this.owned.push(fusedSteps);
      const b = this.res.blocks[0];
      const buffers = { ...this.res.linearData, P: b.P, state: this.res.state, metrics: this.res.metrics, W: b.W, W0: b.W0, fusedSteps };
      g = { fused: bindByName(this.device, this.ks.linear_fused, buffers), bump: bindByName(this.device, this.ks.linear_fused_bump, buffers) };
      this.byLength.set(steps, g);
    }
    return g;
  }
}
