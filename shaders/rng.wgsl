// Counter-based generator, bit-for-bit the twin of src/core/rng.ts (u32 arithmetic wraps like Math.imul).

fn mix32(x0: u32) -> u32 {
  var x = x0;
  x = x ^ (x >> 16u);
  x = x * 0x7feb352du;
  x = x ^ (x >> 15u);
  x = x * 0x846ca68bu;
  x = x ^ (x >> 16u);
  return x;
}

fn hash3(seed: u32, stream: u32, index: u32) -> u32 {
  var h = mix32(index ^ 0x9e3779b9u);
  h = mix32(h ^ (stream * 0x85ebca6bu));
  h = mix32(h ^ seed);
  return h;
}

// floor(h * n / 2^32) with 16-bit limbs (WGSL has no u64).
fn mul_hi32(h: u32, n: u32) -> u32 {
  let hHi = h >> 16u;
  let hLo = h & 0xffffu;
  let nHi = n >> 16u;
  let nLo = n & 0xffffu;
  let lolo = hLo * nLo;
  let mid1 = hHi * nLo;
  let mid2 = hLo * nHi;
  let carry = ((lolo >> 16u) + (mid1 & 0xffffu) + (mid2 & 0xffffu)) >> 16u;
  return hHi * nHi + (mid1 >> 16u) + (mid2 >> 16u) + carry;
}

const STREAM_SGD_ORDER: u32 = 3u;

fn sgd_sample(orderSeed: u32, step: u32, n: u32) -> u32 {
  return mul_hi32(hash3(orderSeed, STREAM_SGD_ORDER, step), n);
}
