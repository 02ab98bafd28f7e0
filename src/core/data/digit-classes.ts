// Multi-class problems from labelled image arrays (MNIST or any IDX pair): any set of digits, class
// c = the position of its digit in the list (for digits 0..9 in order, the class is the digit).
// Each class is a seeded random subset of that digit's images, drawn exactly as digits.ts draws the
// two classes of a binary pair, so the same (file, digits, n, seed) always gives the same samples.

import { ConfigError, DataError } from '../config-error';
import type { Scaling } from '../config-types';
import { hash3, permutation, Stream } from '../rng';
import type { Dataset } from './dataset';
import type { IdxArray } from './idx';
import { applyScaling, scalingLabel } from './scaling';

export interface DigitClassesOptions {
  digits: number[];
  /** Samples, split as evenly as possible between the classes (the first n mod C classes get one more). */
  n: number;
  scaling: Scaling;
  subsetSeed: number;
  sourceName: string;
}

/** Samples are ordered class by class, each class in ascending source index; y is all 0 (labels holds the classes). */
export function digitClasses(images: IdxArray, labels: IdxArray, opts: DigitClassesOptions): Dataset {
  const total = images.dims[0];
  if (images.dims.length < 2) {
    throw new DataError(opts.sourceName, `images must have at least 2 dimensions [N, ...], found [${images.dims.join(', ')}]`);
  }
  if (labels.data.length !== total) {
    throw new DataError(opts.sourceName, `the images file has ${total} images but the labels file has ${labels.data.length} labels`);
  }
  const d = images.dims.slice(1).reduce((p, k) => p * k, 1);
  const C = opts.digits.length;
  const chosen: number[] = [];
  const classOf: number[] = [];
  opts.digits.forEach((digit, c) => {
    const of: number[] = [];
    for (let i = 0; i < labels.data.length; i++) if (labels.data[i] === digit) of.push(i);
    const take = Math.floor(opts.n / C) + (c < opts.n % C ? 1 : 0);
    if (take > of.length) {
      throw new ConfigError('data.n', opts.n, `at most about ${C * of.length} (digit ${digit} has ${of.length} images in ${opts.sourceName})`);
    }
    for (const i of subset(of, take, opts.subsetSeed, digit)) {
      chosen.push(i);
      classOf.push(c);
    }
  });
  const n = chosen.length;
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const cls = new Uint8Array(n);
  const sourceIndex = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const src = chosen[i];
    sourceIndex[i] = src;
    cls[i] = classOf[i];
    const from = src * d;
    for (let j = 0; j < d; j++) x[i * d + j] = images.data[from + j];
  }
  applyScaling(x, n, d, opts.scaling);
  const name = `${opts.sourceName} digits ${opts.digits.join(',')}, n = ${n}, ${scalingLabel(opts.scaling)}`;
  return { name, n, d, x, y, classes: C, labels: cls, sourceIndex };
}

function subset(ofClass: number[], k: number, subsetSeed: number, digit: number): number[] {
  if (k === ofClass.length) return ofClass;
  const seed = hash3(subsetSeed, Stream.subset, (0x80000000 + digit) >>> 0);
  const p = permutation(seed, Stream.subset, ofClass.length);
  return Array.from(p.subarray(0, k), (j) => ofClass[j]).sort((u, v) => u - v);
}
