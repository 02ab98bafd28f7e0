// Counter-based randomness: every random number is a pure function of (seed, stream, index), built
// from 32-bit integer mixing only, so WGSL (which has u32 but no u64) computes the same bits
// (shaders/rng.wgsl). No state is carried: the i-th weight, sign or sample index can be drawn in any
// order, on any engine, and resuming a run needs no generator position beyond the step count.

/** Streams keep the draws of different purposes independent under the same seed. */
export const Stream = {
  initWeights: 1,
  outputSigns: 2,
  sgdOrder: 3,
  subset: 4,
  synthetic: 5,
  labelNoise: 6,
  gaussians: 7,
} as const;

/** lowbias32 (a 32-bit integer finalizer with low avalanche bias). */
export function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

/** 32 random bits for (seed, stream, index); index is a u32 (callers split larger counters into two). */
export function hash3(seed: number, stream: number, index: number): number {
  let h = mix32((index ^ 0x9e3779b9) >>> 0);
  h = mix32((h ^ Math.imul(stream >>> 0, 0x85ebca6b)) >>> 0);
  h = mix32((h ^ (seed >>> 0)) >>> 0);
  return h;
}

/** Uniform in (0, 1) with 24 random bits: exactly representable in fp32, never 0 or 1. */
export function uniform(seed: number, stream: number, index: number): number {
  return ((hash3(seed, stream, index) >>> 8) + 0.5) * 2 ** -24;
}

/** Standard normal by Box–Muller from the uniforms at indices 2i and 2i+1 of the stream. */
export function normal(seed: number, stream: number, index: number): number {
  const u1 = uniform(seed, stream, (2 * index) >>> 0);
  const u2 = uniform(seed, stream, (2 * index + 1) >>> 0);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** ±1 with equal probability. */
export function sign(seed: number, stream: number, index: number): number {
  return hash3(seed, stream, index) & 1 ? 1 : -1;
}

/** floor(h · n / 2^32) computed exactly with 16-bit limbs, as WGSL must: an unbiased-enough index in [0, n). */
export function mulHi32(h: number, n: number): number {
  const hHi = h >>> 16;
  const hLo = h & 0xffff;
  const nHi = n >>> 16;
  const nLo = n & 0xffff;
  const lolo = hLo * nLo;
  const mid1 = hHi * nLo;
  const mid2 = hLo * nHi;
  const carry = ((lolo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (hHi * nHi + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
}

/** A uniformly drawn index in [0, n) for counter `index`. */
export function indexBelow(seed: number, stream: number, index: number, n: number): number {
  return mulHi32(hash3(seed, stream, index), n);
}

/** The sample used by online SGD at step t (sampling with replacement, so any step can be drawn alone). */
export function sgdSample(orderSeed: number, step: number, n: number): number {
  return indexBelow(orderSeed, Stream.sgdOrder, step >>> 0, n);
}

/** A seeded permutation of 0..n-1 (Fisher–Yates with counter-based draws). */
export function permutation(seed: number, stream: number, n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = indexBelow(seed, stream, i, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
