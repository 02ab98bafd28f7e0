// The budget check: from a config's sizes alone, about how much memory a sweep will take on an engine
// and how large its results will be, so a sweep that cannot fit is refused before any work, with one
// line naming the sizes and the limit, instead of being killed (or crashing on "Invalid string
// length" at its first checkpoint) minutes or hours later. The estimates err on the high side by a
// small factor; they need to tell 2 GB from 600 GB, not 2.0 from 2.2.

import { recordSteps } from './cadence';
import type { DataConfig, ExperimentConfig } from './config-types';
import { parameterCount } from './init';
import { mlpLayout } from './mlp';

export type BudgetEngine = 'cpu' | 'gpu';

/** The largest string V8 can make (JSON of results and checkpoints must fit in one): 2^29 − 24 characters. */
export const MAX_STRING_CHARS = 2 ** 29 - 24;

/** Characters per recorded value in JSON: a float64 in shortest form with its comma. */
const CHARS_PER_VALUE = 20;
/** Bytes per recorded value in the JS heap (a boxed number or a slot of a double array). */
const HEAP_PER_VALUE = 24;
/** Copies of all weights alive at a checkpoint: the engine's, the snapshot, the flat encoding, the file bytes. */
const WEIGHT_COPIES = 4;

export interface DataDims {
  n: number;
  d: number;
  classes?: number;
}

export interface BudgetEstimate {
  /** Memory outside the JS heap (typed arrays): data, weights and their copies, work arrays. */
  bytes: number;
  /** JS heap: the recorded series and the JSON strings made of them. */
  heapBytes: number;
  /** Characters of results.json (also about the checkpoint's metadata). */
  resultsChars: number;
  /** The sizes behind the numbers, for the refusal's message. */
  what: string;
}

/** n, d (and classes) of a config's data when the config alone says them; null for files (CSV, IDX), known only once read. */
export function dataDims(data: DataConfig): DataDims | null {
  switch (data.kind) {
    case 'toy':
      return { n: 16, d: 2 };
    case 'twoPoint':
      return { n: 2, d: 2 };
    case 'synthetic':
    case 'gaussians':
      return { n: data.n, d: data.d };
    case 'line':
      return { n: data.points.length, d: 1 };
    case 'mnist':
      return { n: data.n, d: 784 };
    case 'mnistClasses':
      return { n: data.n, d: 784, classes: data.digits.length };
    default:
      return null;
  }
}

export function estimateSweep(config: ExperimentConfig, dims: DataDims, engine: BudgetEngine): BudgetEstimate {
  const { n, d } = dims;
  const K = config.etas.length;
  const P = parameterCount(config.model, d, dims.classes ?? 1);
  const vectors = config.metrics.includes('sharpness') ? 2 : 1;
  // The GPU engine's host side keeps the data as float64, float32 and base64 (in Node and in the page).
  const dataBytes = n * d * 8 * (engine === 'gpu' ? 3 : 1) + n * 8 * 4;
  const weightBytes = K * P * vectors * 8 * WEIGHT_COPIES + P * 8 * 4;
  let workBytes = 0;
  if (config.model.kind === 'mlp') {
    // The CPU network keeps about seven n × width activation arrays per layer (forward, backward, R-op).
    const units = mlpLayout(config.model, d, dims.classes ?? 1).dims.reduce((s, u) => s + u, 0);
    if (engine === 'cpu') workBytes = n * units * 8 * 7;
  }
  const records = recordSteps(config.steps, config.record).length;
  const values = K * records * (config.metrics.length + 1);
  const resultsChars = values * CHARS_PER_VALUE;
  // Series as JS values, and results.json, results.csv and the checkpoint's metadata as strings at once.
  const heapBytes = values * HEAP_PER_VALUE + 3 * resultsChars;
  const what = `${K} η × ${fmtCount(P)} parameters${vectors === 2 ? ' (and as many for sharpness)' : ''}, data ${fmtCount(n)} × ${fmtCount(d)}, ${fmtCount(records)} recorded steps × ${config.metrics.length} metrics`;
  return { bytes: dataBytes + weightBytes + workBytes, heapBytes, resultsChars, what };
}

/** "1.6 GB" style sizes, decimal (as disks and the --max-memory flag count). */
export function fmtBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${v.toFixed(1)} ${units[u]}`;
}

function fmtCount(x: number): string {
  return x.toLocaleString('en-US');
}
