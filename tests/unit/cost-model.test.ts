// The flop and byte model of bench/cost-model.ts against a count done by hand for small shapes.
import { describe, expect, it } from 'vitest';
import { rates, rooflineSeconds, stepCost } from '../../bench/cost-model';

describe('bench cost model', () => {
  it('linear, n = 3, d = 2, K = 2, counted by hand', () => {
    // Per η: f = X w is 3 dot products of length 2 = 3·(2 mul + 2 add) = 12 flops (the model counts
    // 2 per multiply-add, so the first add into zero counts too); g = Xᵀ c likewise 12; w −= η g is
    // 2 mul + 2 sub = 4. Total per η 28, for K = 2: 56.
    // Bytes: X (6 floats) twice = 12 floats; W (2 per η) read, read, written = 3·4 = 12 floats;
    // f and c (3 per η) written and read = 4·6 = 24 floats. 48 floats = 192 bytes.
    expect(stepCost({ kind: 'linear', n: 3, d: 2, K: 2 })).toEqual({ flops: 56, bytes: 192 });
  });

  it('NTK, n = 2, d = 3, m = 4, K = 1, counted by hand', () => {
    // P = X Wᵀ: 2·4 entries, each 3 multiply-adds = 48 flops; f: 2 samples × 4 neurons × (mul + add) = 16;
    // G: 4·3 entries, each a sum over 2 samples = 48; update: 12 weights × 2 = 24. Total 136.
    // Bytes: X 6 floats twice = 12; W 12 floats × 3 = 36; f, c: 2 floats × 4 = 8; 56 floats = 224 bytes;
    // sign bits 2·4 = 8 bits = 1 byte, written and read = 2 bytes. Total 226.
    expect(stepCost({ kind: 'ntk', n: 2, d: 3, m: 4, K: 1 })).toEqual({ flops: 136, bytes: 226 });
  });

  it('scales linearly in K and turns step rates into GFLOP/s, GB/s and a roofline', () => {
    const one = stepCost({ kind: 'ntk', n: 1000, d: 784, m: 1000, K: 1 });
    const four = stepCost({ kind: 'ntk', n: 1000, d: 784, m: 1000, K: 4 });
    expect(four.flops).toBeCloseTo(4 * one.flops, 6);
    const r = rates({ flops: 2e9, bytes: 1e9 }, 10);
    expect(r).toEqual({ gflops: 20, gbs: 10 });
    // 2 GFLOP at 1000 GFLOP/s = 2 ms; 1 GB at 100 GB/s = 10 ms: memory-bound, 10 ms.
    expect(rooflineSeconds({ flops: 2e9, bytes: 1e9 }, 1000, 100)).toBeCloseTo(0.01, 12);
  });
});
