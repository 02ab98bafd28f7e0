// The model part of a config: linear, NTK (one hidden layer of a given width) or an MLP.

import { ConfigError } from './config-error';
import type { ConfigLimits } from './config-limits';
import type { ModelConfig } from './config-types';
import { expectArray, expectNumber, expectObject, expectOneOf, expectSeed, field, prefix, rejectUnknown } from './validate';

const ACTIVATIONS = ['relu', 'tanh', 'gelu'] as const;
const MAX_MLP_LAYERS = 16;

export function parseModel(value: unknown, lim: ConfigLimits, at = 'model'): ModelConfig {
  const obj = expectObject(value, at);
  const kind = expectOneOf(obj.kind, prefix(at, 'kind'), ['linear', 'ntk', 'mlp'] as const);
  if (kind === 'mlp') {
    rejectUnknown(obj, at, ['kind', 'widths', 'activation', 'bias', 'init', 'initSeed']);
    const f = prefix(at, 'widths');
    if (!('widths' in obj)) throw new ConfigError(f, undefined, `an array of 1 to ${MAX_MLP_LAYERS - 1} hidden widths, e.g. [200, 200]`);
    const raw = expectArray(obj.widths, f, 1, MAX_MLP_LAYERS - 1);
    const widths = raw.map((v, i) => expectNumber(v, prefix(f, i), { min: 1, max: lim.maxWidth, integer: true }));
    const activation = expectOneOf(field(obj, 'activation', 'relu'), prefix(at, 'activation'), ACTIVATIONS);
    const bias = field(obj, 'bias', true);
    if (typeof bias !== 'boolean') throw new ConfigError(prefix(at, 'bias'), bias, 'true or false');
    const init = expectOneOf(field(obj, 'init', 'pytorch'), prefix(at, 'init'), ['pytorch', 'kaimingNormal'] as const);
    const initSeed = expectSeed(field(obj, 'initSeed', 0), prefix(at, 'initSeed'));
    return { kind, widths, activation, bias, init, initSeed };
  }
  if (kind === 'linear') {
    rejectUnknown(obj, at, ['kind', 'init', 'initScale', 'initSeed']);
    const init = expectOneOf(field(obj, 'init', 'zero'), prefix(at, 'init'), ['zero', 'normal'] as const);
    const initScale = expectNumber(field(obj, 'initScale', 1), prefix(at, 'initScale'), { min: 0, max: 1e6, exclusiveMin: true });
    const initSeed = expectSeed(field(obj, 'initSeed', 0), prefix(at, 'initSeed'));
    return { kind, init, initScale, initSeed };
  }
  rejectUnknown(obj, at, ['kind', 'width', 'initSeed']);
  if (!('width' in obj)) throw new ConfigError(prefix(at, 'width'), undefined, `an integer with 1 <= value <= ${lim.maxWidth}`);
  const width = expectNumber(obj.width, prefix(at, 'width'), { min: 1, max: lim.maxWidth, integer: true });
  const initSeed = expectSeed(field(obj, 'initSeed', 0), prefix(at, 'initSeed'));
  return { kind, width, initSeed };
}
