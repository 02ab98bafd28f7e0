// What the GPU engine runs, said before any browser starts: the optimizers, loss terms and metrics
// that only the float64 CPU engines implement so far are refused in one line (the momentum
// optimizers and the ℓ2 term run on the GPU for the linear model only, the adaptive stepsizes for both).

import type { ExperimentConfig } from '../core/config-types';

/** Null when the GPU engine runs `config`; otherwise why not (the field and what the GPU engine supports). */
export function gpuUnsupported(config: ExperimentConfig): { field: string; value: unknown; allowed: string } | null {
  const cpuOnly = 'runs on the CPU engine only (--engine cpu)';
  // The linear model's kernels take the new optimizers and the ℓ2 term (linear_update.wgsl).
  // The NTK's kernels take the adaptive stepsizes (plain_step.wgsl), not yet the momentum methods'
  // velocity (its backward has no binding to spare under WebGPU's 8 storage buffers) nor the ℓ2 term.
  const linear = config.model.kind === 'linear';
  const plain = config.optimizer.kind === 'gd' || config.optimizer.kind === 'sgd' || config.optimizer.kind === 'adaptive';
  if (!plain && !linear) {
    return { field: 'optimizer.kind', value: config.optimizer.kind, allowed: `"gd", "sgd" or "adaptive" for the ${config.model.kind} model on the GPU engine (${config.optimizer.kind} ${cpuOnly} there; the linear model runs it on the GPU)` };
  }
  if ((config.loss.l2 ?? 0) > 0 && !linear) {
    return { field: 'loss.l2', value: config.loss.l2, allowed: `0 for the ${config.model.kind} model on the GPU engine (the ℓ2 term ${cpuOnly} there; the linear model runs it on the GPU)` };
  }
  if (config.metrics.includes('distToOpt')) return { field: 'metrics', value: 'distToOpt', allowed: `metrics without "distToOpt" on the GPU engine (distance to the optimum ${cpuOnly})` };
  return null;
}
