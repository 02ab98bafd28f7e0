import { describe, expect, it } from 'vitest';
import { hash3, mulHi32, normal, permutation, sgdSample, sign, Stream, uniform } from '../../src/core/rng';
import { initialWeights, outputSigns } from '../../src/core/init';

describe('counter-based RNG', () => {
  it('is a pure function of (seed, stream, index), with pinned values', () => {
    expect(hash3(1, 2, 3)).toBe(hash3(1, 2, 3));
    expect(hash3(1, 2, 3)).not.toBe(hash3(1, 2, 4));
    expect(hash3(1, 2, 3)).not.toBe(hash3(2, 2, 3));
    expect(hash3(1, 2, 3)).not.toBe(hash3(1, 3, 3));
    // Pinned so that a change to the generator (which would change every w_0) cannot pass unnoticed;
    // shaders/rng.wgsl must reproduce the same numbers.
    expect([hash3(0, 1, 0), hash3(42, 1, 7), hash3(0xffffffff, 5, 0xffffffff)]).toMatchInlineSnapshot(`
      [
        1337980995,
        1033897590,
        2704947699,
      ]
    `);
  });

  it('gives uniforms in (0,1) with the right mean and normals with mean 0 and variance 1', () => {
    const N = 200_000;
    let su = 0;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < N; i++) {
      const u = uniform(7, Stream.initWeights, i);
      expect(u > 0 && u < 1).toBe(true);
      su += u;
      const z = normal(7, Stream.initWeights, i);
      s1 += z;
      s2 += z * z;
    }
    // Standard errors: uniform mean 0.29/√N ≈ 6.5e-4; normal mean 1/√N ≈ 2.2e-3; variance √(2/N) ≈ 3.2e-3.
    expect(Math.abs(su / N - 0.5)).toBeLessThan(4 * 6.5e-4);
    expect(Math.abs(s1 / N)).toBeLessThan(4 * 2.3e-3);
    expect(Math.abs(s2 / N - 1)).toBeLessThan(4 * 3.2e-3);
  });

  it('mulHi32 equals floor(h·n/2^32) exactly', () => {
    for (let t = 0; t < 2000; t++) {
      const h = hash3(t, 9, 1);
      const n = hash3(t, 9, 2) >>> (t % 32);
      const exact = Number((BigInt(h) * BigInt(n)) >> 32n);
      expect(mulHi32(h, n)).toBe(exact);
    }
  });

  it('draws SGD samples uniformly over 0..n-1', () => {
    const n = 10;
    const counts = new Array(n).fill(0);
    for (let t = 0; t < 100_000; t++) counts[sgdSample(3, t, n)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500); // ±5 standard deviations
  });

  it('makes permutations', () => {
    const p = permutation(5, Stream.subset, 1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(p).toEqual(permutation(5, Stream.subset, 1000));
    expect(p).not.toEqual(permutation(6, Stream.subset, 1000));
  });

  it('gives the same w_0 and signs for the same seed, and balanced signs', () => {
    const model = { kind: 'ntk' as const, width: 1000, initSeed: 11 };
    expect(initialWeights(model, 3)).toEqual(initialWeights(model, 3));
    expect(initialWeights(model, 3)).not.toEqual(initialWeights({ ...model, initSeed: 12 }, 3));
    const a = outputSigns(model);
    let sum = 0;
    for (const s of a) {
      expect(Math.abs(s)).toBe(1);
      sum += s;
    }
    expect(Math.abs(sum)).toBeLessThan(5 * Math.sqrt(1000));
    expect(sign(1, 2, 3)).toBe(sign(1, 2, 3));
    expect(initialWeights({ kind: 'linear', init: 'zero', initScale: 1, initSeed: 0 }, 4)).toEqual(new Float64Array(4));
  });
});
