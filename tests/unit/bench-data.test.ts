// The benchmark's data helpers and statistics: 2×2 pooling, the packed form the GPU server reads, medians.
import { describe, expect, it } from 'vitest';
import { packDataset, pool2x2, unpackDataset } from '../../bench/data';
import { summarize } from '../../bench/stats';

describe('bench data and stats', () => {
  it('pools 2×2 blocks by their mean', () => {
    // One 4×4 image, rows 0..3: [1 2 3 4; 5 6 7 8; 9 10 11 12; 13 14 15 16].
    const x = Float64Array.from({ length: 16 }, (_, k) => k + 1);
    expect(Array.from(pool2x2(x, 1, 4))).toEqual([3.5, 5.5, 11.5, 13.5]);
  });

  it('packs and unpacks a data set (float32 values survive exactly)', () => {
    const ds = { name: 'tiny ✓', n: 3, d: 2, x: Float64Array.from([0.5, -1, 2, 0.25, 3, 4]), y: Float64Array.from([1, -1, 1]) };
    const back = unpackDataset(packDataset(ds));
    expect(back.name).toBe(ds.name);
    expect([back.n, back.d]).toEqual([3, 2]);
    expect(Array.from(back.x)).toEqual(Array.from(ds.x));
    expect(Array.from(back.y)).toEqual(Array.from(ds.y));
  });

  it('summarizes runs by median, min and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
    expect(() => summarize([])).toThrow();
  });
});
