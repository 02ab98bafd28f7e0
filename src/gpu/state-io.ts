// Moving an engine state (src/core/engine.ts EngineState) in and out of the GPU engine's buffers:
// weights and power-iteration vectors live in per-neuron-block K × span buffers (memory-plan.ts), the
// momentum methods' look-ahead points and velocities in one 2·K·d buffer (resources.ts `mom`).

import type { EngineState } from '../core/engine';
import { norm } from '../cpu/sharpness';
import type { NeuronBlock } from './memory-plan';
import { readBuffer } from './read-buffer';

/** Where the parameters sit: the linear model is one row of d; the NTK network m rows of d, split into blocks of neurons. */
export interface ParameterShape {
  K: number;
  d: number;
  linear: boolean;
  /** Parameters per run. */
  size: number;
}

export interface BlockBuffer {
  block: NeuronBlock;
  buffer: GPUBuffer;
}

/** Where a block's rows sit in the flat parameter vector. */
function blockSpan(shape: ParameterShape, block: NeuronBlock): { span: number; off: number } {
  return { span: (shape.linear ? 1 : block.size) * shape.d, off: shape.linear ? 0 : block.start * shape.d };
}

/** K full parameter-sized vectors gathered from per-block K × span buffers (W, or the power iteration's V). */
export async function readBlocks(device: GPUDevice, shape: ParameterShape, parts: BlockBuffer[]): Promise<Float64Array[]> {
  const out = Array.from({ length: shape.K }, () => new Float64Array(shape.size));
  for (const { block, buffer } of parts) {
    const data = await readBuffer(device, buffer);
    const { span, off } = blockSpan(shape, block);
    for (let k = 0; k < shape.K; k++) for (let q = 0; q < span; q++) out[k][off + q] = data[k * span + q];
  }
  return out;
}

/** Writes K full parameter-sized vectors into per-block K × span buffers. */
export function writeBlocks(device: GPUDevice, shape: ParameterShape, parts: BlockBuffer[], vectors: Float64Array[]): void {
  for (const { block, buffer } of parts) {
    const { span, off } = blockSpan(shape, block);
    const img = new Float32Array(shape.K * span);
    vectors.forEach((v, k) => img.set(v.subarray(off, off + span), k * span));
    device.queue.writeBuffer(buffer, 0, img);
  }
}

/** The velocities from the momentum buffer's contents (they follow the K look-ahead points; the linear model only). */
export function velocitiesFrom(mom: Float32Array, K: number, d: number): Float64Array[] {
  return Array.from({ length: K }, (_, k) => Float64Array.from(mom.subarray((K + k) * d, (K + k + 1) * d)));
}

/** The momentum buffer's contents from a state: u = w + βv (Nesterov's look-ahead point; β = 0 for heavy ball), then v. */
export function momentumImage(state: EngineState, K: number, d: number, beta: number): Float32Array<ArrayBuffer> {
  // A momentum run cannot resume without its last step (as the reference engine says).
  if (state.velocities?.length !== K) throw new Error("engine state: a momentum method needs every run's velocity (w_t − w_{t−1})");
  const img = new Float32Array(2 * K * d);
  for (let k = 0; k < K; k++) {
    const w = state.weights[k];
    const v = state.velocities[k];
    if (v.length !== d) throw new Error(`engine state: run ${k}'s velocity has ${v.length} entries, expected ${d}`);
    for (let j = 0; j < d; j++) {
      img[k * d + j] = w[j] + beta * v[j];
      img[(K + k) * d + j] = v[j];
    }
  }
  return img;
}

/**
 * The kernels take the power iteration's v as a unit vector. A GPU checkpoint's are (kept as they
 * are, so a resume is bit for bit); a CPU engine's start vector before its first measurement is not.
 */
export function unitEigenvectors(vectors: Float64Array[]): Float64Array[] {
  return vectors.map((v) => {
    const nv = norm(v);
    return nv > 0 && Math.abs(nv - 1) > 1e-5 ? v.map((x) => x / nv) : v;
  });
}
