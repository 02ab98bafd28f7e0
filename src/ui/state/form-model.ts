// The configure form as plain strings (what the inputs hold) and its two translations: from a raw
// config (a preset, a shared URL) to fields, and from fields back to a raw config that parseConfig
// judges (form-validation.ts). Every field keeps its own value when the kind above it changes, so
// switching model or data set back and forth loses nothing the user typed.

import { DEFAULT_METRICS, METRIC_NAMES, type MetricName } from '../../core/config-types';
import { formatDigits, formatEta, parseDigitList, parseNumberList, parseNumberText } from './number-text';

export type Raw = Record<string, unknown>;

export interface FormState {
  name: string;
  dataKind: string;
  /** The two digits of a binary MNIST (or IDX) pair: the first is +1. */
  digitA: string;
  digitB: string;
  /** The digits of the multi-class set (mnistClasses), e.g. "0-9" or "0, 1, 7". */
  classDigits: string;
  n: string;
  split: string;
  scaling: string;
  subsetSeed: string;
  gamma: string;
  d: string;
  margin: string;
  dataSeed: string;
  /** Overlapping Gaussians' Bayes error; MNIST pairs' label noise (empty or 0: none); the 1-D set's points. */
  bayesError: string;
  labelNoise: string;
  points: string;
  /** Uploaded file names (CSV path; IDX images and labels). */
  csvFile: string;
  labelColumn: string;
  /** The CSV label that counts as +1; empty: the first label in the file (the parser's default). */
  positiveLabel: string;
  idxImages: string;
  idxLabels: string;
  modelKind: string;
  /** NTK width m. */
  width: string;
  /** Linear model: w₀ = 0 or N(0, initScale² I). */
  init: string;
  initScale: string;
  /** MLP: hidden widths ("200, 200"), activation, bias, and its own init (PyTorch's or Kaiming normal). */
  widths: string;
  activation: string;
  bias: boolean;
  /**
   * A link's `bias` that is neither true nor false, kept as it came so that parseConfig names it at
   * the checkbox (which can only show true or false); ticking the box replaces it.
   */
  badBias?: unknown;
  mlpInit: string;
  seed: string;
  lossKind: string;
  lossA: string;
  /** λ of the ℓ2 term (0: none). */
  l2: string;
  optimizer: string;
  /** Momentum β (heavy ball, Nesterov) and what the adaptive stepsize divides by. */
  beta: string;
  adaptiveBy: string;
  etaMode: 'list' | 'log';
  etas: string;
  etaStart: string;
  etaStop: string;
  etaCount: string;
  steps: string;
  metrics: MetricName[];
  /** Kept from the preset or link as is: the recording cadence, divergence bound, study. */
  extra: Raw;
  /**
   * The data, model and loss objects as they came: kinds this form has no fields for (added to the
   * config format later) pass through unchanged instead of being turned into something else.
   */
  original: { data: Raw; model: Raw; loss: Raw; optimizer?: Raw };
}

const s = (v: unknown, fallback = ''): string => (v === undefined || v === null ? fallback : String(v));
const ALL_DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export function formFromRaw(raw: Raw): FormState {
  const data = (raw.data ?? {}) as Raw;
  const model = (raw.model ?? { kind: 'linear' }) as Raw;
  const loss = (raw.loss ?? { kind: 'logistic' }) as Raw;
  const opt = (raw.optimizer ?? { kind: 'gd' }) as Raw;
  const multiClass = data.kind === 'mnistClasses';
  const digits = Array.isArray(data.digits) ? data.digits : null;
  const pair = digits && !multiClass ? digits : [0, 8];
  const mlp = model.kind === 'mlp';
  const etas = raw.etas;
  const log = etas !== null && typeof etas === 'object' && !Array.isArray(etas) ? (etas as Raw) : null;
  const extra: Raw = {};
  for (const k of ['record', 'divergeAbove', 'study']) if (k in raw) extra[k] = structuredClone(raw[k]);
  return {
    name: s(raw.name, 'custom'),
    dataKind: s(data.kind, 'toy'),
    digitA: s(pair[0], '0'),
    digitB: s(pair[1], '8'),
    classDigits: formatDigits(digits && multiClass ? digits : ALL_DIGITS),
    n: s(data.n, data.kind === 'synthetic' ? '200' : '1000'),
    split: s(data.split, 'train'),
    scaling: s(data.scaling, data.kind === 'csv' ? 'none' : 'pixel'),
    subsetSeed: s(data.subsetSeed, '0'),
    gamma: s(data.gamma, '0.05'),
    d: s(data.d, '20'),
    margin: s(data.margin, '0.1'),
    dataSeed: s(data.seed, '0'),
    bayesError: s(data.bayesError, '0.1'),
    labelNoise: s(data.labelNoise, '0'),
    points: Array.isArray(data.points) ? data.points.map(String).join(', ') : '1, 1, -1',
    csvFile: s(data.path),
    labelColumn: s(data.labelColumn, 'label'),
    positiveLabel: s(data.positiveLabel),
    idxImages: s(data.images),
    idxLabels: s(data.labels),
    modelKind: s(model.kind, 'linear'),
    width: s(model.width, '256'),
    init: mlp ? 'zero' : s(model.init, 'zero'),
    initScale: s(model.initScale, '1'),
    widths: Array.isArray(model.widths) ? model.widths.map(String).join(', ') : '200, 200',
    activation: s(model.activation, 'relu'),
    // A checkbox holds only true or false: absent means parseConfig's default (true); any other value
    // stays in badBias, to be refused by parseConfig next to the box.
    bias: model.bias !== false,
    ...(model.bias !== undefined && typeof model.bias !== 'boolean' ? { badBias: model.bias } : {}),
    mlpInit: mlp ? s(model.init, 'pytorch') : 'pytorch',
    seed: s(model.initSeed ?? opt.orderSeed, '0'),
    lossKind: s(loss.kind, 'logistic'),
    lossA: s(loss.a, '1'),
    l2: s(loss.l2, '0'),
    optimizer: s(opt.kind, 'gd'),
    beta: s(opt.beta, '0.9'),
    adaptiveBy: s(opt.by, 'loss'),
    etaMode: log ? 'log' : 'list',
    etas: Array.isArray(etas) ? etas.map((e) => formatEta(Number(e))).join(', ') : '',
    etaStart: s(log?.start, '0.01'),
    etaStop: s(log?.stop, '10'),
    etaCount: s(log?.count, '8'),
    steps: s(raw.steps, '1024'),
    original: { data: structuredClone(data), model: structuredClone(model), loss: structuredClone(loss), optimizer: structuredClone(opt) },
    metrics: Array.isArray(raw.metrics) ? (raw.metrics.filter((m) => METRIC_NAMES.includes(m as MetricName)) as MetricName[]) : [...DEFAULT_METRICS],
    extra,
  };
}

const num = (text: string): number | string => parseNumberText(text);
const PARAMETER_FREE_LOSSES = ['logistic', 'exponential', 'softmaxCE', 'mse'];

function dataFromForm(f: FormState): Raw {
  const digits = [num(f.digitA), num(f.digitB)];
  switch (f.dataKind) {
    case 'mnist':
      return { kind: 'mnist', digits, n: num(f.n), split: f.split, scaling: f.scaling, subsetSeed: num(f.subsetSeed), ...(f.labelNoise.trim() !== '' && f.labelNoise.trim() !== '0' ? { labelNoise: num(f.labelNoise) } : {}) };
    case 'gaussians':
      return { kind: 'gaussians', n: num(f.n), d: num(f.d), bayesError: num(f.bayesError), seed: num(f.dataSeed) };
    case 'line':
      return { kind: 'line', points: parseNumberList(f.points) };
    case 'mnistClasses':
      return { kind: 'mnistClasses', digits: parseDigitList(f.classDigits), n: num(f.n), split: f.split, scaling: f.scaling, subsetSeed: num(f.subsetSeed) };
    case 'twoPoint':
      return { kind: 'twoPoint', gamma: num(f.gamma) };
    case 'synthetic':
      return { kind: 'synthetic', n: num(f.n), d: num(f.d), margin: num(f.margin), seed: num(f.dataSeed) };
    case 'csv':
      return { kind: 'csv', path: f.csvFile, labelColumn: f.labelColumn, ...(f.positiveLabel !== '' ? { positiveLabel: f.positiveLabel } : {}), scaling: f.scaling };
    case 'idx':
      return { kind: 'idx', images: f.idxImages, labels: f.idxLabels, digits, n: num(f.n), scaling: f.scaling, subsetSeed: num(f.subsetSeed) };
    case 'toy':
      return { kind: 'toy' };
    default:
      return f.original.data.kind === f.dataKind ? structuredClone(f.original.data) : { kind: f.dataKind };
  }
}

function modelFromForm(f: FormState): Raw {
  const initSeed = num(f.seed);
  switch (f.modelKind) {
    case 'ntk':
      return { kind: 'ntk', width: num(f.width), initSeed };
    case 'mlp':
      return { kind: 'mlp', widths: parseNumberList(f.widths), activation: f.activation, bias: f.badBias !== undefined ? f.badBias : f.bias, init: f.mlpInit, initSeed };
    case 'linear':
      // The scale only matters for a random w₀; with w₀ = 0 it is left out, so a hidden field cannot fail.
      return f.init === 'normal' ? { kind: 'linear', init: f.init, initScale: num(f.initScale), initSeed } : { kind: 'linear', init: f.init, initSeed };
    default:
      return { ...structuredClone(f.original.model), initSeed };
  }
}

function lossFromForm(f: FormState): Raw {
  const l2 = f.l2.trim() !== '' && f.l2.trim() !== '0' ? { l2: num(f.l2) } : {};
  if (f.lossKind === 'flatExp' || f.lossKind === 'flatPoly') return { kind: f.lossKind, a: num(f.lossA), ...l2 };
  if (PARAMETER_FREE_LOSSES.includes(f.lossKind) || f.original.loss.kind !== f.lossKind) return { kind: f.lossKind, ...l2 };
  return { ...structuredClone(f.original.loss), ...l2 };
}

function optimizerFromForm(f: FormState): Raw {
  switch (f.optimizer) {
    case 'sgd':
      return { kind: 'sgd', orderSeed: num(f.seed) };
    case 'adaptive':
      return { kind: 'adaptive', by: f.adaptiveBy };
    case 'heavyBall':
    case 'nesterov':
      return { kind: f.optimizer, beta: num(f.beta) };
    case 'gd':
      return { kind: 'gd' };
    default:
      return f.original.optimizer?.kind === f.optimizer ? structuredClone(f.original.optimizer) : { kind: f.optimizer };
  }
}

export function rawFromForm(f: FormState): Raw {
  const optimizer = optimizerFromForm(f);
  const etas = f.etaMode === 'log' ? { start: num(f.etaStart), stop: num(f.etaStop), count: num(f.etaCount) } : parseNumberList(f.etas);
  const raw: Raw = {
    format: 'bigstep.config/1',
    name: f.name,
    data: dataFromForm(f),
    model: modelFromForm(f),
    loss: lossFromForm(f),
    optimizer,
    etas,
    steps: num(f.steps),
    metrics: f.metrics,
    ...structuredClone(f.extra),
  };
  // A width study needs an NTK model; drop the study rather than fail when the user switched to linear.
  const study = raw.study as Raw | undefined;
  if (study?.kind === 'widths' && f.modelKind !== 'ntk') delete raw.study;
  return raw;
}
