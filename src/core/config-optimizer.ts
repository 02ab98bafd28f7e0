// The optimizer part of a config (GD, online SGD, adaptive stepsizes, momentum), and its short name.

import type { OptimizerConfig } from './config-types';
import { expectNumber, expectObject, expectOneOf, expectSeed, field, prefix, rejectUnknown } from './validate';

const OPTIMIZER_KINDS = ['gd', 'sgd', 'adaptive', 'heavyBall', 'nesterov'] as const;

export function parseOptimizer(value: unknown, at = 'optimizer'): OptimizerConfig {
  const obj = expectObject(value, at);
  const kind = expectOneOf(obj.kind, prefix(at, 'kind'), OPTIMIZER_KINDS);
  switch (kind) {
    case 'gd':
      rejectUnknown(obj, at, ['kind']);
      return { kind };
    case 'sgd':
      rejectUnknown(obj, at, ['kind', 'orderSeed']);
      return { kind, orderSeed: expectSeed(field(obj, 'orderSeed', 0), prefix(at, 'orderSeed')) };
    case 'adaptive':
      rejectUnknown(obj, at, ['kind', 'by']);
      return { kind, by: expectOneOf(field(obj, 'by', 'loss'), prefix(at, 'by'), ['loss', 'gradNorm'] as const) };
    default:
      rejectUnknown(obj, at, ['kind', 'beta']);
      return { kind, beta: expectNumber(field(obj, 'beta', 0.9), prefix(at, 'beta'), { min: 0, max: 0.9999 }) };
  }
}

/** A short, file-name-safe name of an optimizer ("gd", "heavyBall(b=0.9)", "adaptive(loss)"). */
export function optimizerLabel(o: OptimizerConfig): string {
  switch (o.kind) {
    case 'gd':
      return 'gd';
    case 'sgd':
      return `sgd(seed=${o.orderSeed})`;
    case 'adaptive':
      return `adaptive(${o.by})`;
    default:
      return `${o.kind}(b=${o.beta})`;
  }
}

/** β of a momentum method (heavy-ball, Nesterov), whose runs carry a velocity; null for the others. */
export function momentumBeta(opt: OptimizerConfig): number | null {
  return opt.kind === 'heavyBall' || opt.kind === 'nesterov' ? opt.beta : null;
}
