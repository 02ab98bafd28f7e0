// parseConfig: untrusted JSON in, a fully resolved ExperimentConfig out (defaults filled in), or a
// ConfigError that names the field, the value and what is allowed. Nothing here allocates in
// proportion to a value it reads, so absurd sizes are refused before any work starts.

import { ConfigError } from './config-error';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth';
import {
  CONFIG_FORMAT,
  DEFAULT_METRICS,
  METRIC_NAMES,
  type DataConfig,
  type ExperimentConfig,
  type LossConfig,
  type LossKind,
  type MetricName,
  type ModelConfig,
  type OptimizerConfig,
  type RecordConfig,
  type Scaling,
  type StudyConfig,
} from './config-types';
import {
  expectArray,
  expectNumber,
  expectObject,
  expectOneOf,
  expectSeed,
  expectString,
  field,
  prefix,
  rejectUnknown,
  type Obj,
} from './validate';

export * from './config-types';

/** Limits a caller may tighten or widen (the dashboard and CLI use the defaults). */
export interface ConfigLimits {
  maxWidth: number;
  maxSteps: number;
  maxEtas: number;
  maxSamples: number;
  maxDim: number;
}

export const DEFAULT_LIMITS: ConfigLimits = {
  maxWidth: 100_000,
  maxSteps: 2 ** 30,
  maxEtas: 1024,
  maxSamples: 1_000_000,
  maxDim: 100_000,
};

export const DEFAULT_RECORD: RecordConfig = {
  denseUntil: 1024,
  perDecade: 256,
  sharpnessEvery: 16,
  sharpnessIterations: 20,
  extraSteps: [],
};

const SCALINGS: readonly Scaling[] = ['pixel', 'unitNorm', 'maxNorm', 'none'];
export const LOSS_KINDS: readonly LossKind[] = ['logistic', 'exponential', 'flatExp', 'flatPoly', 'softmaxCE', 'mse'];
const MULTI_CLASS_LOSSES: readonly LossKind[] = ['softmaxCE', 'mse'];
const ACTIVATIONS = ['relu', 'tanh', 'gelu'] as const;
const MAX_MLP_LAYERS = 16;
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

function parseStudy(value: unknown, config: ExperimentConfig, lim: ConfigLimits): StudyConfig {
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

/**
 * Which data, model, loss and optimizer go together: multi-class data (mnistClasses) needs the mlp
 * model and a multi-class loss (softmaxCE, mse); those losses need multi-class data; the mlp trains
 * with full-batch GD.
 */
function checkCombination(
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

/** distToOpt needs the minimiser w*, which Newton's method finds for the linear model only (src/cpu/optimum.ts). */
function checkMetrics(metrics: MetricName[], model: ModelConfig): void {
  if (metrics.includes('distToOpt') && model.kind !== 'linear') {
    throw new ConfigError('metrics', 'distToOpt', `metrics without "distToOpt" for the ${model.kind} model (the optimum w* is computed for the linear model only)`);
  }
}

function parseScaling(obj: Obj, at: string, fallback: Scaling): Scaling {
  return expectOneOf(field(obj, 'scaling', fallback), prefix(at, 'scaling'), SCALINGS);
}

function parseDigits(obj: Obj, at: string): [number, number] {
  const f = prefix(at, 'digits');
  const raw = expectArray(field(obj, 'digits', [0, 8]), f, 2, 2);
  const a = expectNumber(raw[0], prefix(f, 0), { min: 0, max: 9, integer: true });
  const b = expectNumber(raw[1], prefix(f, 1), { min: 0, max: 9, integer: true });
  if (a === b) throw new ConfigError(f, raw, 'two different digits from 0 to 9');
  return [a, b];
}

function parseData(value: unknown, lim: ConfigLimits): DataConfig {
  const at = 'data';
  const obj = expectObject(value, at);
  const kind = expectOneOf(obj.kind, prefix(at, 'kind'), ['mnist', 'mnistClasses', 'toy', 'twoPoint', 'synthetic', 'gaussians', 'line', 'csv', 'idx'] as const);
  switch (kind) {
    case 'toy':
      rejectUnknown(obj, at, ['kind']);
      return { kind };
    case 'twoPoint': {
      rejectUnknown(obj, at, ['kind', 'gamma']);
      const gamma = expectNumber(field(obj, 'gamma', 0.05), prefix(at, 'gamma'), { min: 0, max: 0.1, exclusiveMin: true });
      return { kind, gamma };
    }
    case 'mnist': {
      rejectUnknown(obj, at, ['kind', 'digits', 'n', 'split', 'scaling', 'subsetSeed', 'labelNoise']);
      const digits = parseDigits(obj, at);
      const n = expectNumber(field(obj, 'n', 1000), prefix(at, 'n'), { min: 2, max: 70_000, integer: true });
      const split = expectOneOf(field(obj, 'split', 'train'), prefix(at, 'split'), ['train', 'test'] as const);
      const scaling = parseScaling(obj, at, 'pixel');
      const subsetSeed = expectSeed(field(obj, 'subsetSeed', 0), prefix(at, 'subsetSeed'));
      const labelNoise = expectNumber(field(obj, 'labelNoise', 0), prefix(at, 'labelNoise'), { min: 0, max: 0.5 });
      // Stored only when set, so configs without it stay as they were.
      return labelNoise > 0 ? { kind, digits, n, split, scaling, subsetSeed, labelNoise } : { kind, digits, n, split, scaling, subsetSeed };
    }
    case 'gaussians': {
      rejectUnknown(obj, at, ['kind', 'n', 'd', 'bayesError', 'seed']);
      const n = expectNumber(field(obj, 'n', 200), prefix(at, 'n'), { min: 2, max: lim.maxSamples, integer: true });
      const d = expectNumber(field(obj, 'd', 2), prefix(at, 'd'), { min: 1, max: lim.maxDim, integer: true });
      if (n * d > 1e9) throw new ConfigError(prefix(at, 'n'), n, `n·d <= 1e9 (here d = ${d})`);
      const bayesError = expectNumber(field(obj, 'bayesError', 0.1), prefix(at, 'bayesError'), { min: 1e-6, max: 0.499 });
      const seed = expectSeed(field(obj, 'seed', 0), prefix(at, 'seed'));
      return { kind, n, d, bayesError, seed };
    }
    case 'line': {
      rejectUnknown(obj, at, ['kind', 'points']);
      const f = prefix(at, 'points');
      const raw = expectArray(obj.points, f, 2, 10_000);
      const points = raw.map((v, i) => expectNumber(v, prefix(f, i), { min: -1e6, max: 1e6 }));
      if (!points.some((v) => v > 0) || !points.some((v) => v < 0)) {
        throw new ConfigError(f, raw, 'points of both signs (a one-sided set is separable: the loss has no minimiser)');
      }
      return { kind, points };
    }
    case 'mnistClasses': {
      rejectUnknown(obj, at, ['kind', 'digits', 'n', 'split', 'scaling', 'subsetSeed']);
      const f = prefix(at, 'digits');
      const raw = expectArray(field(obj, 'digits', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), f, 2, 10);
      const digits = raw.map((v, i) => expectNumber(v, prefix(f, i), { min: 0, max: 9, integer: true }));
      if (new Set(digits).size !== digits.length) throw new ConfigError(f, raw, '2 to 10 different digits from 0 to 9');
      const n = expectNumber(field(obj, 'n', 1000), prefix(at, 'n'), { min: digits.length, max: 70_000, integer: true });
      const split = expectOneOf(field(obj, 'split', 'train'), prefix(at, 'split'), ['train', 'test'] as const);
      const scaling = parseScaling(obj, at, 'pixel');
      const subsetSeed = expectSeed(field(obj, 'subsetSeed', 0), prefix(at, 'subsetSeed'));
      return { kind, digits, n, split, scaling, subsetSeed };
    }
    case 'synthetic': {
      rejectUnknown(obj, at, ['kind', 'n', 'd', 'margin', 'seed']);
      const n = expectNumber(field(obj, 'n', 200), prefix(at, 'n'), { min: 2, max: lim.maxSamples, integer: true });
      const d = expectNumber(field(obj, 'd', 20), prefix(at, 'd'), { min: 2, max: lim.maxDim, integer: true });
      const margin = expectNumber(field(obj, 'margin', 0.1), prefix(at, 'margin'), { min: 0, max: 0.99, exclusiveMin: true });
      if (n * d > 1e9) throw new ConfigError(prefix(at, 'n'), n, `n·d <= 1e9 (here d = ${d})`);
      const seed = expectSeed(field(obj, 'seed', 0), prefix(at, 'seed'));
      return { kind, n, d, margin, seed };
    }
    case 'csv': {
      rejectUnknown(obj, at, ['kind', 'path', 'labelColumn', 'positiveLabel', 'scaling']);
      const path = expectString(obj.path, prefix(at, 'path'));
      const labelColumn = expectString(field(obj, 'labelColumn', 'label'), prefix(at, 'labelColumn'), 200);
      const scaling = parseScaling(obj, at, 'none');
      const out: DataConfig = { kind, path, labelColumn, scaling };
      if ('positiveLabel' in obj) out.positiveLabel = expectString(obj.positiveLabel, prefix(at, 'positiveLabel'), 200);
      return out;
    }
    case 'idx': {
      rejectUnknown(obj, at, ['kind', 'images', 'labels', 'digits', 'n', 'scaling', 'subsetSeed']);
      const images = expectString(obj.images, prefix(at, 'images'));
      const labels = expectString(obj.labels, prefix(at, 'labels'));
      const digits = parseDigits(obj, at);
      const n = expectNumber(field(obj, 'n', 0), prefix(at, 'n'), { min: 0, max: lim.maxSamples, integer: true });
      if (n === 1) throw new ConfigError(prefix(at, 'n'), n, '0 (every sample) or at least 2');
      const scaling = parseScaling(obj, at, 'pixel');
      const subsetSeed = expectSeed(field(obj, 'subsetSeed', 0), prefix(at, 'subsetSeed'));
      return { kind, images, labels, digits, n, scaling, subsetSeed };
    }
  }
}

function parseModel(value: unknown, lim: ConfigLimits, at = 'model'): ModelConfig {
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

function parseLoss(value: unknown, at = 'loss'): LossConfig {
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

const OPTIMIZER_KINDS = ['gd', 'sgd', 'adaptive', 'heavyBall', 'nesterov'] as const;

function parseOptimizer(value: unknown, at = 'optimizer'): OptimizerConfig {
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

const ETA_MAX = 1e12;

function parseEtas(value: unknown, lim: ConfigLimits): number[] {
  const at = 'etas';
  const range = { min: 0, max: ETA_MAX, exclusiveMin: true };
  if (Array.isArray(value)) {
    expectArray(value, at, 1, lim.maxEtas);
    return distinctEtas(value.map((eta, i) => expectNumber(eta, prefix(at, i), range)), at);
  }
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(at, value, `a list of 1 to ${lim.maxEtas} stepsizes, or {"start", "stop", "count"} for log-spaced ones`);
  }
  const obj = value as Obj;
  rejectUnknown(obj, at, ['start', 'stop', 'count']);
  const start = expectNumber(obj.start, prefix(at, 'start'), range);
  const stop = expectNumber(obj.stop, prefix(at, 'stop'), range);
  const count = expectNumber(obj.count, prefix(at, 'count'), { min: 1, max: lim.maxEtas, integer: true });
  return distinctEtas(logSpace(start, stop, count), prefix(at, 'count'));
}

/** A run is named by its η (results, merge, the dashboard's table): the same η twice would be one run lost. */
function distinctEtas(etas: number[], at: string): number[] {
  const seen = new Map<number, number>();
  etas.forEach((eta, i) => {
    const first = seen.get(eta);
    if (first !== undefined) throw new ConfigError(at === 'etas' ? prefix(at, i) : at, eta, `stepsizes that differ from each other (η = ${eta} is also etas[${first}])`);
    seen.set(eta, i);
  });
  return etas;
}

/** count values from start to stop (both included), evenly spaced in log. */
export function logSpace(start: number, stop: number, count: number): number[] {
  if (count === 1) return [start];
  const a = Math.log(start);
  const b = Math.log(stop);
  return Array.from({ length: count }, (_, i) => (i === 0 ? start : i === count - 1 ? stop : Math.exp(a + ((b - a) * i) / (count - 1))));
}

function parseMetrics(value: unknown): MetricName[] {
  const at = 'metrics';
  const raw = expectArray(value, at, 0, METRIC_NAMES.length);
  const chosen = new Set<MetricName>(['loss']);
  raw.forEach((m, i) => chosen.add(expectOneOf(m, prefix(at, i), METRIC_NAMES)));
  return METRIC_NAMES.filter((m) => chosen.has(m));
}

function parseRecord(value: unknown): RecordConfig {
  const at = 'record';
  const obj = expectObject(value, at);
  rejectUnknown(obj, at, Object.keys(DEFAULT_RECORD));
  const get = (key: Exclude<keyof RecordConfig, 'extraSteps'>, min: number, max: number) =>
    expectNumber(field(obj, key, DEFAULT_RECORD[key]), prefix(at, key), { min, max, integer: true });
  const extra = expectArray(field(obj, 'extraSteps', []), prefix(at, 'extraSteps'), 0, 10_000);
  const extraSteps = extra.map((s, i) => expectNumber(s, prefix(prefix(at, 'extraSteps'), i), { min: 0, max: DEFAULT_LIMITS.maxSteps, integer: true }));
  return {
    denseUntil: get('denseUntil', 0, 1_000_000),
    perDecade: get('perDecade', 1, 100_000),
    sharpnessEvery: get('sharpnessEvery', 1, 1_000_000),
    sharpnessIterations: get('sharpnessIterations', 1, 10_000),
    extraSteps: [...new Set(extraSteps)].sort((a, b) => a - b),
  };
}
