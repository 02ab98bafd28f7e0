// What the GPU engine runs, said before any browser starts: the optimizers, loss terms and metrics
// that only the float64 CPU engines implement so far are refused in one line.

import type { ExperimentConfig } from '../core/config-types';

/** Null when the GPU engine runs `config`; otherwise why not (the field and what the GPU engine supports). */
export function gpuUnsupported(config: ExperimentConfig): { field: string; value: unknown; allowed: string } | null {
  const cpuOnly = 'runs on the CPU engine only (--engine cpu)';
  if (config.optimizer.kind !== 'gd' && config.optimizer.kind !== 'sgd') {
    return { field: 'optimizer.kind', value: config.optimizer.kind, allowed: `"gd" or "sgd" on the GPU engine (${config.optimizer.kind} ${cpuOnly})` };
  }
  if ((config.loss.l2 ?? 0) > 0) return { field: 'loss.l2', value: config.loss.l2, allowed: `0 on the GPU engine (the ℓ2 term ${cpuOnly})` };
  if (config.metrics.includes('distToOpt')) return { field: 'metrics', value: 'distToOpt', allowed: `metrics without "distToOpt" on the GPU engine (distance to the optimum ${cpuOnly})` };
  return null;
}
