// The loss part of a config: its kind, the parameter a of the flat losses, and the ℓ2 weight λ.

import { ConfigError } from './config-error';
import type { LossConfig, LossKind } from './config-types';
import { expectNumber, expectObject, expectOneOf, field, prefix, rejectUnknown } from './validate';

export const LOSS_KINDS: readonly LossKind[] = ['logistic', 'exponential', 'flatExp', 'flatPoly', 'softmaxCE', 'mse'];

export function parseLoss(value: unknown, at = 'loss'): LossConfig {
  const obj = expectObject(value, at);
  rejectUnknown(obj, at, ['kind', 'a', 'l2']);
  const kind = expectOneOf(obj.kind, prefix(at, 'kind'), LOSS_KINDS);
  const l2 = expectNumber(field(obj, 'l2', 0), prefix(at, 'l2'), { min: 0, max: 1e6 });
  // λ is stored only when set, so configs without it stay as they were.
  const withL2 = (loss: LossConfig): LossConfig => (l2 > 0 ? { ...loss, l2 } : loss);
  if (kind === 'flatExp' || kind === 'flatPoly') {
    const a = expectNumber(field(obj, 'a', 1), prefix(at, 'a'), { min: 0, max: 1e3, exclusiveMin: true });
    return withL2({ kind, a });
  }
  // Resolved configs store a = 1 for losses without a parameter, so that value must parse again.
  if ('a' in obj && obj.a !== 1) throw new ConfigError(prefix(at, 'a'), obj.a, `no parameter for the ${kind} loss (only flatExp and flatPoly take a)`);
  return withL2({ kind, a: 1 });
}
