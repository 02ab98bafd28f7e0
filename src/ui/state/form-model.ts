// The configure form as plain strings (what the inputs hold) and its two translations: from a raw
// config (a preset, a shared URL) to fields, and from fields back to a raw config that parseConfig
// judges. Text that is not a number is passed on as text, so parseConfig's own message names it.

import { ConfigError } from '../../core/config-error';
import { parseConfig, type ExperimentConfig, type MetricName } from '../../core/config';
import { METRIC_NAMES } from '../../core/config-types';

export type Raw = Record<string, unknown>;

export interface FormState {
  name: string;
  dataKind: string;
  digitA: string;
  digitB: string;
  n: string;
  split: string;
  scaling: string;
  subsetSeed: string;
  gamma: string;
  d: string;
  margin: string;
  dataSeed: string;
  /** Uploaded file names (CSV path; IDX images and labels). */
  csvFile: string;
  labelColumn: string;
  idxImages: string;
  idxLabels: string;
  modelKind: string;
  width: string;
  init: string;
  seed: string;
  lossKind: string;
  lossA: string;
  optimizer: string;
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
  original: { data: Raw; model: Raw; loss: Raw };
}

const s = (v: unknown, fallback = ''): string => (v === undefined || v === null ? fallback : String(v));

export function formFromRaw(raw: Raw): FormState {
  const data = (raw.data ?? {}) as Raw;
  const model = (raw.model ?? { kind: 'linear' }) as Raw;
  const loss = (raw.loss ?? { kind: 'logistic' }) as Raw;
  const opt = (raw.optimizer ?? { kind: 'gd' }) as Raw;
  const digits = Array.isArray(data.digits) ? data.digits : [0, 8];
  const etas = raw.etas;
  const log = etas !== null && typeof etas === 'object' && !Array.isArray(etas) ? (etas as Raw) : null;
  const extra: Raw = {};
  for (const k of ['record', 'divergeAbove', 'study']) if (k in raw) extra[k] = structuredClone(raw[k]);
  return {
    name: s(raw.name, 'custom'),
    dataKind: s(data.kind, 'toy'),
    digitA: s(digits[0], '0'),
    digitB: s(digits[1], '8'),
    n: s(data.n, data.kind === 'synthetic' ? '200' : '1000'),
    split: s(data.split, 'train'),
    scaling: s(data.scaling, data.kind === 'csv' ? 'none' : 'pixel'),
    subsetSeed: s(data.subsetSeed, '0'),
    gamma: s(data.gamma, '0.05'),
    d: s(data.d, '20'),
    margin: s(data.margin, '0.1'),
    dataSeed: s(data.seed, '0'),
    csvFile: s(data.path),
    labelColumn: s(data.labelColumn, 'label'),
    idxImages: s(data.images),
    idxLabels: s(data.labels),
    modelKind: s(model.kind, 'linear'),
    width: s(model.width, '256'),
    init: s(model.init, 'zero'),
    seed: s(model.initSeed ?? opt.orderSeed, '0'),
    lossKind: s(loss.kind, 'logistic'),
    lossA: s(loss.a, '1'),
    optimizer: s(opt.kind, 'gd'),
    etaMode: log ? 'log' : 'list',
    etas: Array.isArray(etas) ? etas.map((e) => fmtListEta(Number(e))).join(', ') : '',
    etaStart: s(log?.start, '0.01'),
    etaStop: s(log?.stop, '10'),
    etaCount: s(log?.count, '8'),
    steps: s(raw.steps, '1024'),
    original: { data: structuredClone(data), model: structuredClone(model), loss: structuredClone(loss) },
    metrics: Array.isArray(raw.metrics) ? (raw.metrics.filter((m) => METRIC_NAMES.includes(m as MetricName)) as MetricName[]) : ['loss', 'distFromInit', 'accuracy'],
    extra,
  };
}

/** 1/64 stays "1/64" in the η box rather than 0.015625. */
function fmtListEta(e: number): string {
  if (e > 0 && e < 1 && Number.isInteger(1 / e)) return `1/${1 / e}`;
  return String(e);
}

/** A number from text ("2^14", "1/64", "1e-3", "−1"), or the text itself when it is not one. */
export function parseNumberText(text: string): number | string {
  const t = text.trim().replace(/[\u2212\u2013]/g, '-');
  if (t === '') return t;
  const pow = /^(-?\d+(?:\.\d+)?)\s*\^\s*(-?\d+(?:\.\d+)?)$/.exec(t);
  if (pow) return Number(pow[1]) ** Number(pow[2]);
  const frac = /^(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  const n = Number(t);
  return Number.isFinite(n) ? n : text.trim();
}

export function parseEtaList(text: string): (number | string)[] {
  return text
    .split(/[\s,;]+/)
    .filter((tok) => tok !== '')
    .map(parseNumberText);
}

const num = (text: string): number | string => parseNumberText(text);
const KNOWN_LOSSES = ['logistic', 'exponential'];

export function rawFromForm(f: FormState): Raw {
  const digits = [num(f.digitA), num(f.digitB)];
  let data: Raw;
  switch (f.dataKind) {
    case 'mnist':
      data = { kind: 'mnist', digits, n: num(f.n), split: f.split, scaling: f.scaling, subsetSeed: num(f.subsetSeed) };
      break;
    case 'twoPoint':
      data = { kind: 'twoPoint', gamma: num(f.gamma) };
      break;
    case 'synthetic':
      data = { kind: 'synthetic', n: num(f.n), d: num(f.d), margin: num(f.margin), seed: num(f.dataSeed) };
      break;
    case 'csv':
      data = { kind: 'csv', path: f.csvFile, labelColumn: f.labelColumn, scaling: f.scaling };
      break;
    case 'idx':
      data = { kind: 'idx', images: f.idxImages, labels: f.idxLabels, digits, n: num(f.n), scaling: f.scaling, subsetSeed: num(f.subsetSeed) };
      break;
    case 'toy':
      data = { kind: 'toy' };
      break;
    default:
      data = f.original.data.kind === f.dataKind ? structuredClone(f.original.data) : { kind: f.dataKind };
  }
  const model: Raw =
    f.modelKind === 'ntk'
      ? { kind: 'ntk', width: num(f.width), initSeed: num(f.seed) }
      : f.modelKind === 'linear'
        ? { kind: 'linear', init: f.init, initSeed: num(f.seed) }
        : { ...structuredClone(f.original.model), initSeed: num(f.seed) };
  const loss: Raw =
    f.lossKind === 'flatExp' || f.lossKind === 'flatPoly'
      ? { kind: f.lossKind, a: num(f.lossA) }
      : KNOWN_LOSSES.includes(f.lossKind) || f.original.loss.kind !== f.lossKind
        ? { kind: f.lossKind }
        : structuredClone(f.original.loss);
  const optimizer: Raw = f.optimizer === 'sgd' ? { kind: 'sgd', orderSeed: num(f.seed) } : { kind: 'gd' };
  const etas = f.etaMode === 'log' ? { start: num(f.etaStart), stop: num(f.etaStop), count: num(f.etaCount) } : parseEtaList(f.etas);
  const raw: Raw = { format: 'bigstep.config/1', name: f.name, data, model, loss, optimizer, etas, steps: num(f.steps), metrics: f.metrics, ...structuredClone(f.extra) };
  // A width study needs an NTK model; drop the study rather than fail when the user switched to linear.
  const study = raw.study as Raw | undefined;
  if (study?.kind === 'widths' && f.modelKind !== 'ntk') delete raw.study;
  return raw;
}

/** Which form field an error belongs to: "etas.3" and "etas.start" go to the η box, "data.digits.1" to the digits. */
export function fieldOf(errorField: string): string {
  if (errorField.startsWith('etas')) return 'etas';
  if (errorField.startsWith('data.digits')) return 'data.digits';
  if (errorField.startsWith('metrics')) return 'metrics';
  if (errorField === 'model.initSeed' || errorField === 'optimizer.orderSeed') return 'seed';
  if (errorField.startsWith('study') || errorField.startsWith('record') || errorField === 'divergeAbove' || errorField === 'config') return 'general';
  return errorField;
}

export type Validation = { ok: true; config: ExperimentConfig; raw: Raw } | { ok: false; field: string; message: string; raw: Raw };

export function validateForm(f: FormState): Validation {
  const raw = rawFromForm(f);
  try {
    return { ok: true, config: parseConfig(raw), raw };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, field: fieldOf(err.field), message: err.message, raw };
    return { ok: false, field: 'general', message: (err as Error).message, raw };
  }
}
