// The study part of a config: what a study varies across its sweeps (horizons, widths, losses and
// models, optimizers, ℓ2 weights), each checked against the rest of the config.

import { checkCombination } from './config-combination';
import { ConfigError } from './config-error';
import { ETA_MAX } from './config-etas';
import type { ConfigLimits } from './config-limits';
import { parseLoss } from './config-loss';
import { parseModel } from './config-model';
import { optimizerLabel, parseOptimizer } from './config-optimizer';
import type { ExperimentConfig, StudyConfig } from './config-types';
import { expectArray, expectNumber, expectObject, expectOneOf, field, prefix, rejectUnknown } from './validate';

export function parseStudy(value: unknown, config: ExperimentConfig, lim: ConfigLimits): StudyConfig {
  const at = 'study';
  const obj = expectObject(value, at);
  const kind = expectOneOf(obj.kind, prefix(at, 'kind'), ['accel', 'widths', 'losses', 'optimizers', 'l2'] as const);
  if (kind === 'accel') {
    rejectUnknown(obj, at, ['kind', 'c', 'horizons']);
    const c = expectNumber(field(obj, 'c', 1), prefix(at, 'c'), { min: 0, max: ETA_MAX, exclusiveMin: true });
    const raw = expectArray(obj.horizons, prefix(at, 'horizons'), 1, 64);
    const horizons = raw.map((t, i) => expectNumber(t, prefix(prefix(at, 'horizons'), i), { min: 1, max: lim.maxSteps, integer: true }));
    if (config.etas.length + horizons.length > lim.maxEtas) {
      throw new ConfigError(prefix(at, 'horizons'), horizons.length, `at most ${lim.maxEtas - config.etas.length} horizons beside ${config.etas.length} fixed stepsizes`);
    }
    const sorted = [...new Set(horizons)].sort((a, b) => a - b);
    const clash = sorted.find((T) => config.etas.includes(c * T));
    if (clash !== undefined) throw new ConfigError(prefix(at, 'horizons'), clash, `horizons whose η = c·T (${c * clash}) is not also one of the fixed etas`);
    return { kind, c, horizons: sorted };
  }
  if (kind === 'widths') {
    rejectUnknown(obj, at, ['kind', 'widths']);
    if (config.model.kind !== 'ntk') throw new ConfigError('model.kind', config.model.kind, '"ntk" for a width study');
    const raw = expectArray(obj.widths, prefix(at, 'widths'), 1, 32);
    return { kind, widths: raw.map((m, i) => expectNumber(m, prefix(prefix(at, 'widths'), i), { min: 1, max: lim.maxWidth, integer: true })) };
  }
  if (kind === 'optimizers') {
    rejectUnknown(obj, at, ['kind', 'optimizers']);
    const f = prefix(at, 'optimizers');
    const optimizers = expectArray(obj.optimizers, f, 1, 16).map((o, i) => parseOptimizer(o, prefix(f, i)));
    for (const o of optimizers) checkCombination(config.data, config.model, config.loss, o);
    const labels = optimizers.map(optimizerLabel);
    const twice = labels.find((l, i) => labels.indexOf(l) !== i);
    if (twice !== undefined) throw new ConfigError(f, twice, 'optimizers that differ from each other');
    return { kind, optimizers };
  }
  if (kind === 'l2') {
    rejectUnknown(obj, at, ['kind', 'lambdas']);
    if (config.model.kind === 'mlp') throw new ConfigError('model.kind', 'mlp', '"linear" or "ntk" for an ℓ2 study');
    const f = prefix(at, 'lambdas');
    const lambdas = expectArray(obj.lambdas, f, 1, 64).map((v, i) => expectNumber(v, prefix(f, i), { min: 0, max: 1e6 }));
    if (new Set(lambdas).size !== lambdas.length) throw new ConfigError(f, lambdas, 'values of λ that differ from each other');
    return { kind, lambdas };
  }
  rejectUnknown(obj, at, ['kind', 'losses', 'models', 'talkEtas']);
  const talkEtas = field(obj, 'talkEtas', false);
  if (typeof talkEtas !== 'boolean') throw new ConfigError(prefix(at, 'talkEtas'), talkEtas, 'true or false');
  const losses = expectArray(obj.losses, prefix(at, 'losses'), 1, 16).map((l, i) => parseLoss(l, prefix(prefix(at, 'losses'), i)));
  const models = expectArray(field(obj, 'models', [config.model]), prefix(at, 'models'), 1, 8).map((m, i) =>
    parseModel(m, lim, prefix(prefix(at, 'models'), i)),
  );
  for (const [i, loss] of losses.entries()) {
    for (const [j, model] of models.entries()) {
      checkCombination(config.data, model, loss, config.optimizer, { loss: prefix(prefix(at, 'losses'), i), model: prefix(prefix(at, 'models'), j) });
    }
  }
  return { kind, losses, models, talkEtas };
}
