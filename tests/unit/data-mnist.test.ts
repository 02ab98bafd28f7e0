import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../../src/core/config-error';
import type { MnistDataConfig } from '../../src/core/config-types';
import { labelCounts, row } from '../../src/core/data/dataset';
import { digitPair } from '../../src/core/data/digits';
import { loadDataset } from '../../src/core/data/load';
import { nodeDataIO } from '../../src/node/data-io';

function mnist(over: Partial<MnistDataConfig> = {}): MnistDataConfig {
  return { kind: 'mnist', digits: [0, 8], n: 1000, split: 'train', scaling: 'pixel', subsetSeed: 0, ...over };
}

function norm(v: Float64Array): number {
  return Math.sqrt(v.reduce((s, t) => s + t * t, 0));
}

describe('MNIST two-digit sets', () => {
  // No time limit here: how fast it loads is a benchmark's business, and a busy machine would fail it.
  it('loads 0 vs 8, n = 1000, with 500/500 labels and pixel scaling', async () => {
    const data = await loadDataset(mnist(), nodeDataIO);
    expect(data.n).toBe(1000);
    expect(data.d).toBe(784);
    expect(labelCounts(data)).toEqual({ positive: 500, negative: 500 });
    expect(data.name).toBe('MNIST train 0 vs 8, n = 1000, pixel/255');
    const max = data.x.reduce((m, v) => Math.max(m, v), -Infinity);
    const min = data.x.reduce((m, v) => Math.min(m, v), Infinity);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
    expect(min).toBe(0);
    // +1 block first, then −1, each in ascending source index.
    const src = data.sourceIndex!;
    for (let i = 1; i < 500; i++) expect(src[i]).toBeGreaterThan(src[i - 1]);
    for (let i = 501; i < 1000; i++) expect(src[i]).toBeGreaterThan(src[i - 1]);
  });

  it('is deterministic per subset seed and changes with it', async () => {
    const a = await loadDataset(mnist({ n: 20 }), nodeDataIO);
    const b = await loadDataset(mnist({ n: 20 }), nodeDataIO);
    const c = await loadDataset(mnist({ n: 20, subsetSeed: 1 }), nodeDataIO);
    expect(Array.from(a.sourceIndex!)).toEqual(Array.from(b.sourceIndex!));
    expect(a.x).toEqual(b.x);
    expect(Array.from(a.sourceIndex!)).not.toEqual(Array.from(c.sourceIndex!));
  });

  it('gives the odd sample to the first digit', async () => {
    const data = await loadDataset(mnist({ n: 7, split: 'test', digits: [3, 5] }), nodeDataIO);
    expect(labelCounts(data)).toEqual({ positive: 4, negative: 3 });
    expect(data.name).toBe('MNIST test 3 vs 5, n = 7, pixel/255');
  });

  it('unitNorm scaling gives every row norm 1', async () => {
    const data = await loadDataset(mnist({ scaling: 'unitNorm', n: 200 }), nodeDataIO);
    for (let i = 0; i < data.n; i++) expect(norm(row(data, i))).toBeCloseTo(1, 12);
  });

  it('maxNorm scaling makes the largest row norm 1', async () => {
    const data = await loadDataset(mnist({ scaling: 'maxNorm', n: 200 }), nodeDataIO);
    let largest = 0;
    for (let i = 0; i < data.n; i++) largest = Math.max(largest, norm(row(data, i)));
    expect(largest).toBeCloseTo(1, 12);
  });

  it('refuses an n larger than the digits allow, naming data.n and the counts', async () => {
    const err = await loadDataset(mnist({ n: 70_000 }), nodeDataIO).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    // Train split: 5923 zeros, 5851 eights → at most min(2·5923, 2·5851 + 1) = 11703.
    expect((err as Error).message).toBe(
      'data.n: 70000 is not allowed; expected at most 11703 (digit 0 has 5923 images, digit 8 has 5851 in this file)',
    );
  });
});

describe('digitPair on hand-made arrays', () => {
  const images = { dims: [6, 2, 1], data: Uint8Array.of(0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100) };
  const labels = { dims: [6], data: Uint8Array.of(1, 2, 1, 2, 3, 1) };
  const opts = { digits: [1, 2] as [number, number], n: 0, scaling: 'none' as const, subsetSeed: 0, sourceName: 'tiny' };

  it('n = 0 takes every sample of both digits, class by class in source order', () => {
    const data = digitPair(images, labels, opts);
    expect(data.n).toBe(5);
    expect(data.d).toBe(2);
    expect(Array.from(data.sourceIndex!)).toEqual([0, 2, 5, 1, 3]);
    expect(Array.from(data.y)).toEqual([1, 1, 1, -1, -1]);
    expect(Array.from(row(data, 1))).toEqual([30, 40]);
  });

  it('an exact n that needs every sample works; one more is refused', () => {
    expect(digitPair(images, labels, { ...opts, n: 5 }).n).toBe(5);
    expect(() => digitPair(images, labels, { ...opts, n: 6 })).toThrow(
      'data.n: 6 is not allowed; expected at most 5 (digit 1 has 3 images, digit 2 has 2 in this file)',
    );
  });

  it('n = 0 with a digit that never occurs is refused', () => {
    expect(() => digitPair(images, labels, { ...opts, digits: [1, 7] })).toThrow(/^data\.digits: \[1,7\] .*digit 7 has 0 in this file/);
  });

  it('mismatched image and label counts are a DataError', () => {
    const short = { dims: [5], data: Uint8Array.of(1, 2, 1, 2, 3) };
    expect(() => digitPair(images, short, opts)).toThrow(DataError);
    expect(() => digitPair(images, short, opts)).toThrow('tiny: the images file has 6 images but the labels file has 5 labels');
  });
});

describe('nodeDataIO', () => {
  it('names the missing path', async () => {
    const err = await nodeDataIO.readFile('no/such/file.csv', 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/^no\/such\/file\.csv: file not found \(looked for \/.*no\/such\/file\.csv\)$/);
  });
});
