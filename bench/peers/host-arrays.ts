// A PeerProblem decoded into typed arrays in the page.
import { f32FromBase64 } from '../../src/gpu/base64';
import type { PeerProblem } from './wire';

export interface Host {
  kind: 'linear' | 'ntk';
  n: number;
  d: number;
  m: number;
  K: number;
  x: Float32Array;
  y: Float32Array;
  w0: Float32Array;
  a: Float32Array;
  etas: number[];
}

export function decode(p: PeerProblem): Host {
  return { ...p, x: f32FromBase64(p.x), y: f32FromBase64(p.y), w0: f32FromBase64(p.w0), a: f32FromBase64(p.a) };
}
