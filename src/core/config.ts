// parseConfig: untrusted JSON in, a fully resolved ExperimentConfig out (defaults filled in), or a
// ConfigError that names the field, the value and what is allowed. Nothing here allocates in
// proportion to a value it reads, so absurd sizes are refused before any work starts.
// Each part of a config has its own parser (config-data, config-model, config-loss, config-optimizer,
// config-etas, config-record, config-study); the checks across parts are in config-combination.

import { checkCombination, checkMetrics } from './config-combination';
import { parseData } from './config-data';
import { ConfigError } from './config-error';
import { parseEtas } from './config-etas';
import { DEFAULT_LIMITS, type ConfigLimits } from './config-limits';
import { parseLoss } from './config-loss';
import { parseModel } from './config-model';
import { parseOptimizer } from './config-optimizer';
import { parseMetrics, parseRecord } from './config-record';
import { parseStudy } from './config-study';
import { CONFIG_FORMAT, DEFAULT_METRICS, type ExperimentConfig } from './config-types';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth';
import { expectNumber, expectObject, expectString, field, rejectUnknown } from './validate';

export * from './config-types';
// The GPU's loss codes are numbered in this order (src/gpu/loss-codes.ts imports it from here).
export { LOSS_KINDS } from './config-loss';

const TOP_FIELDS = [
  'format',
  'name',
  'data',
  'model',
  'loss',
  'optimizer',
  'etas',
  'steps',
  'metrics',
  'record',
  'divergeAbove',
  'study',
] as const;

/** Parses a config from JSON text or an already parsed value. */
export function parseConfig(input: unknown, limits: Partial<ConfigLimits> = {}): ExperimentConfig {
  const lim: ConfigLimits = { ...DEFAULT_LIMITS, ...limits };
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      // V8's message quotes the input; keep it to one readable line.
      const why = (err as Error).message;
      throw new ConfigError('config', input, `valid JSON (${why.length > 160 ? `${why.slice(0, 157)}...` : why})`);
    }
  }
  if (jsonTooDeep(value)) throw new ConfigError('config', undefined, `JSON nested at most ${MAX_JSON_DEPTH} levels deep`);
  const obj = expectObject(value, 'config');
  rejectUnknown(obj, '', TOP_FIELDS);
  const format = field(obj, 'format', CONFIG_FORMAT);
  if (format !== CONFIG_FORMAT) throw new ConfigError('format', format, `"${CONFIG_FORMAT}"`);
  const name = expectString(field(obj, 'name', 'custom'), 'name', 200);
  if (!('data' in obj)) throw new ConfigError('data', undefined, 'a data set, e.g. {"kind": "toy"}');
  const data = parseData(obj.data, lim);
  const model = parseModel(field(obj, 'model', { kind: 'linear' }), lim);
  const loss = parseLoss(field(obj, 'loss', { kind: 'logistic' }));
  const optimizer = parseOptimizer(field(obj, 'optimizer', { kind: 'gd' }));
  if (!('etas' in obj)) throw new ConfigError('etas', undefined, 'a list of stepsizes or {"start", "stop", "count"}');
  const etas = parseEtas(obj.etas, lim);
  if (!('steps' in obj)) throw new ConfigError('steps', undefined, `an integer with 1 <= value <= ${lim.maxSteps}`);
  const steps = expectNumber(obj.steps, 'steps', { min: 1, max: lim.maxSteps, integer: true });
  const metrics = parseMetrics(field(obj, 'metrics', DEFAULT_METRICS));
  const record = parseRecord(field(obj, 'record', {}));
  const divergeAbove = expectNumber(field(obj, 'divergeAbove', 1e8), 'divergeAbove', { min: 0, exclusiveMin: true });
  checkCombination(data, model, loss, optimizer);
  checkMetrics(metrics, model);
  const config: ExperimentConfig = { format: CONFIG_FORMAT, name, data, model, loss, optimizer, etas, steps, metrics, record, divergeAbove };
  if ('study' in obj) config.study = parseStudy(obj.study, config, lim);
  return config;
}
