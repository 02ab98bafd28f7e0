import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/config-error';
import { encodeIdx, parseIdx } from '../../src/core/data/idx';

function header(type: number, dims: number[]): number[] {
  const out = [0, 0, type, dims.length];
  for (const dim of dims) out.push((dim >>> 24) & 255, (dim >>> 16) & 255, (dim >>> 8) & 255, dim & 255);
  return out;
}

function expectDataError(bytes: Uint8Array, pattern: RegExp): void {
  let caught: unknown;
  try {
    parseIdx(bytes, 'f.idx');
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(DataError);
  expect((caught as Error).message).toMatch(/^f\.idx: /);
  expect((caught as Error).message).toMatch(pattern);
}

describe('parseIdx', () => {
  it('reads hand-made unsigned bytes, big-endian dims', () => {
    const bytes = Uint8Array.from([...header(0x08, [2, 3]), 1, 2, 3, 250, 251, 252]);
    const { dims, data } = parseIdx(bytes, 'f.idx');
    expect(dims).toEqual([2, 3]);
    expect(data).toBeInstanceOf(Uint8Array);
    expect(Array.from(data)).toEqual([1, 2, 3, 250, 251, 252]);
  });

  it('decodes big-endian multi-byte types by hand', () => {
    const shorts = Uint8Array.from([...header(0x0b, [2]), 0x01, 0x02, 0xff, 0xfe]);
    expect(Array.from(parseIdx(shorts, 's').data)).toEqual([0x0102, -2]);
    const ints = Uint8Array.from([...header(0x0c, [1]), 0x80, 0, 0, 1]);
    expect(Array.from(parseIdx(ints, 'i').data)).toEqual([-(2 ** 31) + 1]);
    const floats = Uint8Array.from([...header(0x0d, [1]), 0x3f, 0xc0, 0, 0]);
    expect(Array.from(parseIdx(floats, 'f').data)).toEqual([1.5]);
  });

  it('round-trips every element type through encodeIdx', () => {
    const cases = [
      Uint8Array.of(0, 7, 255, 1),
      Int8Array.of(-128, 0, 5, 127),
      Int16Array.of(-30000, 1, 2, 30000),
      Int32Array.of(-(2 ** 31), 0, 42, 2 ** 31 - 1),
      Float32Array.of(-1.5, 0, 3.25, 1e30),
      Float64Array.of(-Math.PI, 0, 1e-300, 1e300),
    ];
    for (const data of cases) {
      const parsed = parseIdx(encodeIdx([2, 2], data), 'rt');
      expect(parsed.dims).toEqual([2, 2]);
      expect(parsed.data.constructor).toBe(data.constructor);
      expect(Array.from(parsed.data)).toEqual(Array.from(data));
    }
  });

  it('works on a view with a non-zero byte offset', () => {
    const inner = [...header(0x0b, [1]), 0x12, 0x34];
    const big = Uint8Array.from([9, 9, 9, ...inner]);
    expect(Array.from(parseIdx(big.subarray(3), 'v').data)).toEqual([0x1234]);
  });

  it('rejects an empty file', () => {
    expectDataError(new Uint8Array(0), /empty/);
  });

  it('rejects a wrong magic number, and names gzip', () => {
    expectDataError(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), /must start with two zero bytes, found 0x01 0x00/);
    expectDataError(Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0]), /gzip/);
  });

  it('rejects an unknown element type', () => {
    expectDataError(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]), /unknown IDX element type 0x0a/);
  });

  it('rejects zero or absurd dimension counts', () => {
    expectDataError(Uint8Array.from([0, 0, 8, 0]), /0 dimensions/);
    expectDataError(Uint8Array.from([0, 0, 8, 200, ...new Array(800).fill(0)]), /200 dimensions/);
  });

  it('rejects a truncated header', () => {
    expectDataError(Uint8Array.from([0, 0, 8]), /truncated: 3 bytes/);
    expectDataError(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]), /needs 16 bytes, found 10/);
  });

  it('rejects truncated data, saying how many bytes were expected and found', () => {
    const bytes = Uint8Array.from([...header(0x08, [3, 28, 28]), ...new Array(100).fill(0)]);
    expectDataError(bytes, /3 × 28 × 28 of unsigned byte need 2368 bytes, found 116 \(2252 missing\)/);
    const doubles = Uint8Array.from([...header(0x0e, [2]), ...new Array(12).fill(0)]);
    expectDataError(doubles, /need 24 bytes, found 20/);
  });

  it('rejects trailing bytes after the data', () => {
    const bytes = Uint8Array.from([...header(0x08, [2]), 1, 2, 3]);
    expectDataError(bytes, /1 trailing byte\(s\): .*need 10 bytes, found 11/);
  });
});
