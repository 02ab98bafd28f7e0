// The data part of a config: which data set, how many samples, which digits, how scaled.

import { ConfigError } from './config-error';
import type { ConfigLimits } from './config-limits';
import type { DataConfig, Scaling } from './config-types';
import { expectArray, expectNumber, expectObject, expectOneOf, expectSeed, expectString, field, prefix, rejectUnknown, type Obj } from './validate';

const SCALINGS: readonly Scaling[] = ['pixel', 'unitNorm', 'maxNorm', 'none'];

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

/** The data part of a config: the data sets generated from numbers in the config here, those read from files in parseReadData. */
export function parseData(value: unknown, lim: ConfigLimits): DataConfig {
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
    case 'synthetic': {
      rejectUnknown(obj, at, ['kind', 'n', 'd', 'margin', 'seed']);
      const n = expectNumber(field(obj, 'n', 200), prefix(at, 'n'), { min: 2, max: lim.maxSamples, integer: true });
      const d = expectNumber(field(obj, 'd', 20), prefix(at, 'd'), { min: 2, max: lim.maxDim, integer: true });
      const margin = expectNumber(field(obj, 'margin', 0.1), prefix(at, 'margin'), { min: 0, max: 0.99, exclusiveMin: true });
      if (n * d > 1e9) throw new ConfigError(prefix(at, 'n'), n, `n·d <= 1e9 (here d = ${d})`);
      const seed = expectSeed(field(obj, 'seed', 0), prefix(at, 'seed'));
      return { kind, n, d, margin, seed };
    }
    default:
      return parseReadData(obj, kind, lim);
  }
}

/** The data sets read from files: MNIST (two digits or several classes), a CSV table, IDX files. */
function parseReadData(obj: Obj, kind: 'mnist' | 'mnistClasses' | 'csv' | 'idx', lim: ConfigLimits): DataConfig {
  const at = 'data';
  switch (kind) {
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
