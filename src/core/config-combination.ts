// The checks across parts of a config: which data, model, loss, optimizer and metrics go together.

import { ConfigError } from './config-error';
import type { DataConfig, LossConfig, LossKind, MetricName, ModelConfig, OptimizerConfig } from './config-types';
import { prefix } from './validate';

const MULTI_CLASS_LOSSES: readonly LossKind[] = ['softmaxCE', 'mse'];

/**
 * Which data, model, loss and optimizer go together: multi-class data (mnistClasses) needs the mlp
 * model and a multi-class loss (softmaxCE, mse); those losses need multi-class data; the mlp trains
 * with full-batch GD.
 */
export function checkCombination(
  data: DataConfig,
  model: ModelConfig,
  loss: LossConfig,
  optimizer: OptimizerConfig,
  at: { loss: string; model: string } = { loss: 'loss', model: 'model' },
): void {
  const multi = data.kind === 'mnistClasses';
  if (multi && model.kind !== 'mlp') {
    throw new ConfigError(prefix(at.model, 'kind'), model.kind, '"mlp" for multi-class data (data.kind "mnistClasses")');
  }
  if (multi && !MULTI_CLASS_LOSSES.includes(loss.kind)) {
    throw new ConfigError(prefix(at.loss, 'kind'), loss.kind, 'one of "softmaxCE", "mse" for multi-class data (data.kind "mnistClasses")');
  }
  if (!multi && MULTI_CLASS_LOSSES.includes(loss.kind)) {
    throw new ConfigError(prefix(at.loss, 'kind'), loss.kind, `one of "logistic", "exponential", "flatExp", "flatPoly" for binary data (softmaxCE and mse need data.kind "mnistClasses"; here "${data.kind}")`);
  }
  if (model.kind === 'mlp' && optimizer.kind !== 'gd') {
    throw new ConfigError('optimizer.kind', optimizer.kind, '"gd" for the mlp model (online SGD, adaptive and momentum methods are implemented for the linear and NTK models only)');
  }
  if (model.kind === 'mlp' && (loss.l2 ?? 0) > 0) {
    throw new ConfigError(prefix(at.loss, 'l2'), loss.l2, '0 for the mlp model (the ℓ2 term is implemented for the linear and NTK models only)');
  }
}
export /** distToOpt needs the minimiser w*, which Newton's method finds for the linear model only (src/cpu/optimum.ts). */
function checkMetrics(metrics: MetricName[], model: ModelConfig): void {
  if (metrics.includes('distToOpt') && model.kind !== 'linear') {
    throw new ConfigError('metrics', 'distToOpt', `metrics without "distToOpt" for the ${model.kind} model (the optimum w* is computed for the linear model only)`);
  }
}
