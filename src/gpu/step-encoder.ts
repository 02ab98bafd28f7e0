// The dispatch schedule of one step, encoded into a compute pass with no host involvement:
//   forward (per neuron block) → stats (per run) → backward + update (per block) → finalize → bump,
// with the power iteration for sharpness slotted in at the steps that record it. The linear model's
// backward is two dispatches: partial gradients per chunk of samples (linear_backward), then their
// sum, the update and the norm partials (linear_update). Dispatches of a pass see the previous
// dispatches' writes, so the order here is the data flow. With `ntkTile128` (GpuEngineOptions) the NTK
// forward and backward are the opt-in 128×128-tile kernels, on grids of 128-tiles; the sharpness
// kernels keep the 64×64 ones (ntk_backward's 64×64 grid is the norm-partial layout both backwards fill).

import type { ExperimentConfig, MetricName } from '../core/config-types';
import { ntkStepKernels, type Kernel, type KernelSet, type NtkStepKernels } from './kernels';
import { PLAN_TILES, type MemoryPlan, type NeuronBlock } from './memory-plan';
import type { BlockResources, GpuResources } from './resources';

/** What one step encodes beyond the forward pass and the loss statistics. */
export interface StepWork {
  /** Apply the update (false: measure the state without changing it, the record at offset n). */
  update: boolean;
  /**
   * ‖∇L‖, ‖w − w0‖ and ‖w‖ into the step's metric slot (finalize), for the gradNorm, distFromInit
   * and margin records; other steps skip it, since nothing reads those words.
   */
  norms: boolean;
  /** SGD: the norms' gradient is the full one (gradNorm), not the update's one sample. */
  fullGradient: boolean;
  /** The power iteration (sharpness) at this step's weights. */
  sharpness: boolean;
  /** ‖w − w*‖ into the step's metric slot (dist_opt), for the distToOpt record. */
  distToOpt: boolean;
}

/** Records that read the norms' metric words (finalize): the step must compute them. */
export function needsNorms(wants: (m: MetricName) => boolean): boolean {
  return wants('gradNorm') || wants('distFromInit') || wants('margin');
}

export class StepEncoder {
  constructor(
    private readonly ks: KernelSet,
    private readonly res: GpuResources,
    private readonly config: ExperimentConfig,
    private readonly plan: MemoryPlan,
    private readonly ntkTile128 = false,
  ) {}

  private get linear(): boolean {
    return this.config.model.kind === 'linear';
  }

  /** One step: forward and stats always (the step's loss), then what `work` asks for. */
  step(pass: GPUComputePassEncoder, work: StepWork): void {
    const { ks, res } = this;
    const { K } = this.plan;
    const { update, norms } = work;
    const opt = this.config.optimizer;
    const sgd = opt.kind === 'sgd';
    const nesterov = opt.kind === 'nesterov';
    // Adaptive η/‖∇L‖ divides by the norm of the whole gradient, which finalize reduces before the update.
    const byGradNorm = opt.kind === 'adaptive' && opt.by === 'gradNorm';
    this.forward(pass, (b) => b.forward);
    this.dispatch(pass, ks.stats, res.global.stats, K);
    if (work.distToOpt && res.distOpt) this.dispatch(pass, ks.dist_opt, res.distOpt, K);
    // SGD updates with one sample's gradient and Nesterov with the one at the look-ahead point, but
    // the recorded norms are those at w (gradNorm the full gradient's). A measurement without an
    // update needs the backward only for its norms.
    const measureFirst = (norms && (!update || (sgd && work.fullGradient) || nesterov)) || (update && byGradNorm);
    if (measureFirst) {
      this.backward(pass, 'backwardMeasure');
      this.dispatch(pass, ks.finalize, res.global.finalize, K);
    }
    // The sharpness at w_t, before the update: z of this step is in zbuf, and the NTK's ReLU pattern in
    // the sign bits, which is all the (Gauss–Newton) Hessian needs (Nesterov's look-ahead forward below
    // rewrites the sign bits with u's pattern). Before bump, so λ lands in this step's slot.
    if (work.sharpness && res.sharp) this.sharpness(pass);
    if (update) {
      if (nesterov) {
        // The gradient at u = w + βv: the forward on u, then only its coefficients (the step's loss
        // and metrics stay w's).
        this.forward(pass, (b) => b.forwardLook!);
        this.dispatch(pass, ks.stats, res.global.statsLook, K);
      }
      this.backward(pass, 'backwardUpdate');
      if (norms && !measureFirst) this.dispatch(pass, ks.finalize, res.global.finalize, K);
      this.dispatch(pass, ks.bump, res.global.bump, 1);
    }
  }

  /** The forward pass of every block, with the bind group `group` picks (at w, or Nesterov's look-ahead point). */
  forward(pass: GPUComputePassEncoder, group: (b: BlockResources) => GPUBindGroup): void {
    if (this.linear) {
      for (const b of this.res.blocks) this.linearForward(pass, group(b), b.block.chunks);
      return;
    }
    this.ntkForward(pass, ntkStepKernels(this.ks, this.ntkTile128), this.res.blocks, group);
  }

  /** ∇L (the update variant also applies it) and the norm partials finalize reduces. */
  backward(pass: GPUComputePassEncoder, which: 'backwardUpdate' | 'backwardMeasure'): void {
    if (this.linear) {
      // One chunk, or SGD's one sample: linear_update sums the samples itself (the same test in WGSL).
      const direct = this.plan.gradChunks === 1 || (which === 'backwardUpdate' && this.config.optimizer.kind === 'sgd');
      for (const b of this.res.blocks) {
        this.linearBackward(pass, b[which], this.ks.linear_update, which === 'backwardUpdate' ? b.applyUpdate! : b.applyMeasure!, direct);
      }
      return;
    }
    this.ntkBackward(pass, ntkStepKernels(this.ks, this.ntkTile128), this.res.blocks, (b) => b[which]);
  }

  /** Power iteration: `sharpnessIterations` Hessian-vector products, each J then Jᵀ diag(ℓ''/n) J. */
  sharpness(pass: GPUComputePassEncoder): void {
    const sh = this.res.sharp!;
    const { K, n, d } = this.plan;
    const ks = this.ks;
    // The step's own kernels and grids: the forward on V, then the backward on the Hessian weights
    // (the NTK's always on 64×64 tiles; a linear problem of one chunk has linear_hvp sum the samples
    // itself, as linear_update does).
    const ntk = ntkStepKernels(ks, false);
    for (let it = 0; it < this.config.record.sharpnessIterations; it++) {
      if (this.linear) {
        for (const b of sh.blocks) this.linearForward(pass, b.jvp, b.block.chunks);
        this.dispatch(pass, ks.sharp_hcoef, sh.hcoef, Math.ceil(n / 64), K, 1);
        this.linearBackward(pass, sh.hvpPartials!, ks.linear_hvp, sh.hvp!, this.plan.gradChunks === 1);
      } else {
        this.ntkForward(pass, ntk, sh.blocks, (b) => b.jvp);
        this.dispatch(pass, ks.sharp_hcoef, sh.hcoef, Math.ceil(n / 64), K, 1);
        this.ntkBackward(pass, ntk, sh.blocks, (b) => b.hvp!);
      }
      this.dispatch(pass, ks.sharp_normalize, sh.normalize, K);
      for (const b of sh.blocks) {
        const groups = Math.ceil((K * (this.linear ? 1 : b.block.size) * d) / 256);
        const x = Math.min(groups, 65535);
        this.dispatch(pass, ks.sharp_scale, b.scale, x, Math.ceil(groups / x));
      }
    }
  }

  /** The NTK forward (`kernels`), one dispatch per neuron block, with the bind group `group` gives it. */
  private ntkForward<B extends { block: NeuronBlock }>(pass: GPUComputePassEncoder, kernels: NtkStepKernels, blocks: readonly B[], group: (b: B) => GPUBindGroup): void {
    const { K, n } = this.plan;
    pass.setPipeline(kernels.forward.pipeline);
    for (const b of blocks) {
      pass.setBindGroup(0, group(b));
      pass.dispatchWorkgroups(Math.ceil(n / kernels.tile), b.block.chunks, K);
    }
  }

  /** The NTK backward (`kernels`), one dispatch per neuron block: output tiles of neurons × features. */
  private ntkBackward<B extends { block: NeuronBlock }>(pass: GPUComputePassEncoder, kernels: NtkStepKernels, blocks: readonly B[], group: (b: B) => GPUBindGroup): void {
    const { K, d } = this.plan;
    pass.setPipeline(kernels.backward.pipeline);
    for (const b of blocks) {
      pass.setBindGroup(0, group(b));
      pass.dispatchWorkgroups(Math.ceil(d / kernels.tile), Math.ceil(b.block.size / kernels.tile), K);
    }
  }

  /** linear_forward: partial margins per chunk of features, 4 runs and 4 × 64 samples a workgroup. */
  private linearForward(pass: GPUComputePassEncoder, group: GPUBindGroup, chunks: number): void {
    const { K, n } = this.plan;
    this.dispatch(pass, this.ks.linear_forward, group, Math.ceil(n / PLAN_TILES.linearSampleTile), chunks, Math.ceil(K / 4));
  }

  /**
   * Σ_i c_ki x_ij for every feature: linear_backward's sums per chunk of samples (unless `direct`),
   * then `finish` (linear_update or linear_hvp) adds them, or the samples themselves, per feature.
   */
  private linearBackward(pass: GPUComputePassEncoder, chunkGroup: GPUBindGroup, finish: Kernel, finishGroup: GPUBindGroup, direct: boolean): void {
    const { K, d } = this.plan;
    const groups = Math.ceil(K / 4);
    if (!direct) this.dispatch(pass, this.ks.linear_backward, chunkGroup, Math.ceil(d / PLAN_TILES.linearGradTile), this.plan.gradChunks, groups);
    this.dispatch(pass, finish, finishGroup, Math.ceil(d / PLAN_TILES.linearFeatureTile), 1, groups);
  }

  dispatch(pass: GPUComputePassEncoder, kernel: Kernel, group: GPUBindGroup, x: number, y = 1, z = 1): void {
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(x, y, z);
  }
}
