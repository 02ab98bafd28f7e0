import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/config-error';
import { encodeIdx } from '../../src/core/data/idx';
import { loadDataset, type DataIO } from '../../src/core/data/load';

/** An in-memory DataIO: files by name, no MNIST. */
function memoryIO(files: Record<string, Uint8Array>): DataIO {
  return {
    readFile: async (path) => {
      const bytes = files[path];
      if (!bytes) throw new DataError(path, 'file not found');
      return bytes;
    },
    mnistFile: async () => {
      throw new Error('no MNIST here');
    },
  };
}

describe('loadDataset', () => {
  it('dispatches the built-in sets', async () => {
    const io = memoryIO({});
    expect((await loadDataset({ kind: 'toy' }, io)).n).toBe(4);
    expect((await loadDataset({ kind: 'twoPoint', gamma: 0.05 }, io)).x[0]).toBe(0.05);
    const syn = await loadDataset({ kind: 'synthetic', n: 10, d: 3, margin: 0.1, seed: 0 }, io);
    expect([syn.n, syn.d]).toEqual([10, 3]);
  });

  it('reads a CSV file through DataIO', async () => {
    const io = memoryIO({ 'f.csv': new TextEncoder().encode('label,a\nx,1\ny,2\n') });
    const data = await loadDataset({ kind: 'csv', path: 'f.csv', labelColumn: 'label', scaling: 'maxNorm' }, io);
    expect(Array.from(data.x)).toEqual([0.5, 1]);
    expect(Array.from(data.y)).toEqual([1, -1]);
  });

  it('refuses a CSV file that is not UTF-8', async () => {
    const io = memoryIO({ 'f.csv': Uint8Array.of(0x61, 0xff, 0xfe, 0x0a) });
    await expect(loadDataset({ kind: 'csv', path: 'f.csv', labelColumn: 'label', scaling: 'none' }, io)).rejects.toThrow(
      'f.csv: not valid UTF-8 text (expected a CSV file)',
    );
  });

  it('reads an IDX pair through DataIO', async () => {
    const images = encodeIdx([4, 2, 2], Uint8Array.from({ length: 16 }, (_, k) => k * 10));
    const labels = encodeIdx([4], Uint8Array.of(5, 6, 5, 6));
    const io = memoryIO({ 'im.idx': images, 'lb.idx': labels });
    const data = await loadDataset(
      { kind: 'idx', images: 'im.idx', labels: 'lb.idx', digits: [6, 5], n: 0, scaling: 'none', subsetSeed: 0 },
      io,
    );
    expect(data.name).toBe('IDX im.idx 6 vs 5, n = 4, unscaled');
    expect(Array.from(data.sourceIndex!)).toEqual([1, 3, 0, 2]);
    expect(Array.from(data.y)).toEqual([1, 1, -1, -1]);
    expect(Array.from(data.x.subarray(0, 4))).toEqual([40, 50, 60, 70]);
  });

  it('a bad IDX file names its path', async () => {
    const io = memoryIO({ 'im.idx': Uint8Array.of(0, 0, 8), 'lb.idx': encodeIdx([1], Uint8Array.of(1)) });
    await expect(
      loadDataset({ kind: 'idx', images: 'im.idx', labels: 'lb.idx', digits: [1, 2], n: 0, scaling: 'none', subsetSeed: 0 }, io),
    ).rejects.toThrow(/^im\.idx: truncated/);
  });
});
