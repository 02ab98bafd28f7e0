// Two-digit binary problems from labelled image arrays (MNIST or any IDX pair): digit a → +1, digit b → −1.
// Each class is a seeded random subset of that digit's images, so the same (file, seed, n) always gives
// the same samples, and a larger n is not forced to contain a smaller one (the subset is redrawn).

import { ConfigError, DataError } from '../config-error';
import type { Scaling } from '../config-types';
import { hash3, permutation, Stream } from '../rng';
import type { Dataset } from './dataset';
import type { IdxArray } from './idx';
import { applyScaling, scalingLabel } from './scaling';

export interface DigitPairOptions {
  /** The first digit is labelled +1, the second −1. */
  digits: [number, number];
  /** ceil(n/2) samples of the first digit and floor(n/2) of the second; 0 means every sample of both. */
  n: number;
  scaling: Scaling;
  subsetSeed: number;
  /** Used in the data set's name and in errors, e.g. "MNIST train". */
  sourceName: string;
}

/**
 * Builds the data set. Samples are ordered class by class (all +1 samples, then all −1 samples), each
 * class in ascending source index; `sourceIndex` records each sample's index in the source arrays.
 */
export function digitPair(images: IdxArray, labels: IdxArray, opts: DigitPairOptions): Dataset {
  const [a, b] = opts.digits;
  const total = images.dims[0];
  if (images.dims.length < 2) {
    throw new DataError(opts.sourceName, `images must have at least 2 dimensions [N, ...], found [${images.dims.join(', ')}]`);
  }
  if (labels.data.length !== total) {
    throw new DataError(
      opts.sourceName,
      `the images file has ${total} images but the labels file has ${labels.data.length} labels`,
    );
  }
  const d = images.dims.slice(1).reduce((p, k) => p * k, 1);
  if (d === 0) throw new DataError(opts.sourceName, `images of size 0 (dims [${images.dims.join(', ')}]): each image needs at least one value`);
  const ofA = indicesOf(labels.data, a);
  const ofB = indicesOf(labels.data, b);
  const counts = `digit ${a} has ${ofA.length} images, digit ${b} has ${ofB.length} in this file`;

  let takeA = ofA.length;
  let takeB = ofB.length;
  if (opts.n === 0) {
    if (takeA === 0 || takeB === 0) {
      throw new ConfigError('data.digits', opts.digits, `two digits that both occur in ${opts.sourceName} (${counts})`);
    }
  } else {
    takeA = Math.ceil(opts.n / 2);
    takeB = Math.floor(opts.n / 2);
    if (takeA > ofA.length || takeB > ofB.length) {
      const most = Math.min(2 * ofA.length, 2 * ofB.length + 1);
      throw new ConfigError('data.n', opts.n, `at most ${most} (${counts})`);
    }
  }

  const chosen = [...subset(ofA, takeA, opts.subsetSeed, a), ...subset(ofB, takeB, opts.subsetSeed, b)];
  const n = chosen.length;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const sourceIndex = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const src = chosen[i];
    sourceIndex[i] = src;
    y[i] = i < takeA ? 1 : -1;
    const from = src * d;
    for (let j = 0; j < d; j++) {
      const v = images.data[from + j];
      // Float IDX files can hold NaN or ±Infinity; one of them would make every loss NaN.
      if (!Number.isFinite(v)) throw new DataError(opts.sourceName, `image ${src} holds ${v} at value ${j}; the images must be finite numbers`);
      x[i * d + j] = v;
    }
  }
  applyScaling(x, n, d, opts.scaling);
  const name = `${opts.sourceName} ${a} vs ${b}, n = ${n}, ${scalingLabel(opts.scaling)}`;
  return { name, n, d, x, y, sourceIndex };
}

function indicesOf(labels: IdxArray['data'], digit: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === digit) out.push(i);
  return out;
}

/**
 * k of the class's source indices, drawn by a seeded permutation, returned in ascending order.
 * The permutation's seed mixes subsetSeed with the digit so the two classes get independent draws.
 */
function subset(ofClass: number[], k: number, subsetSeed: number, digit: number): number[] {
  if (k === ofClass.length) return ofClass;
  const seed = hash3(subsetSeed, Stream.subset, (0x80000000 + digit) >>> 0);
  const p = permutation(seed, Stream.subset, ofClass.length);
  const picked = Array.from(p.subarray(0, k), (j) => ofClass[j]);
  return picked.sort((u, v) => u - v);
}
