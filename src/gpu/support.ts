// What the GPU engine runs, said before any browser starts: what only the float64 CPU engines
// implement so far is refused in one line. The linear and NTK kernels run every optimizer and the ℓ2
// term (weight_step.wgsl); the distance to the optimum needs the float64 Newton solve.

import type { ExperimentConfig } from '../core/config-types';

/** Null when the GPU engine runs `config`; otherwise why not (the field and what the GPU engine supports). */
export function gpuUnsupported(config: ExperimentConfig): { field: string; value: unknown; allowed: string } | null {
  const cpuOnly = 'runs on the CPU engine only (--engine cpu)';
  if (config.metrics.includes('distToOpt')) return { field: 'metrics', value: 'distToOpt', allowed: `metrics without "distToOpt" on the GPU engine (distance to the optimum ${cpuOnly})` };
  return null;
}
