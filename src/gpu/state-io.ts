// Moving an engine state (src/core/engine.ts EngineState) in and out of the GPU engine's buffers:
// weights and power-iteration vectors live in per-neuron-block K × span buffers (memory-plan.ts), and
// the momentum methods' velocities in a second K × span section of the weights' buffers (resources.ts).

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

/**
 * K full parameter-sized vectors gathered from per-block buffers of K × span sections: section 0 is
 * W (or the power iteration's V), section 1 the velocities after the weights.
 */
export async function readBlocks(device: GPUDevice, shape: ParameterShape, parts: BlockBuffer[], section = 0): Promise<Float64Array[]> {
  const out = Array.from({ length: shape.K }, () => new Float64Array(shape.size));
  for (const { block, buffer } of parts) {
    const data = await readBuffer(device, buffer);
    const { span, off } = blockSpan(shape, block);
    const base = section * shape.K * span;
    for (let k = 0; k < shape.K; k++) for (let q = 0; q < span; q++) out[k][off + q] = data[base + k * span + q];
  }
  return out;
}

/** Writes K full parameter-sized vectors into section `section` of per-block buffers (readBlocks says which). */
export function writeBlocks(device: GPUDevice, shape: ParameterShape, parts: BlockBuffer[], vectors: Float64Array[], section = 0): void {
  for (const { block, buffer } of parts) {
    const { span, off } = blockSpan(shape, block);
    const img = new Float32Array(shape.K * span);
    vectors.forEach((v, k) => img.set(v.subarray(off, off + span), k * span));
    device.queue.writeBuffer(buffer, section * shape.K * span * 4, img);
  }
}

/** A momentum state's velocities, checked: a momentum run cannot resume without its last step (as the reference engine says). */
export function checkVelocities(state: EngineState, shape: ParameterShape): Float64Array[] {
  if (state.velocities?.length !== shape.K) throw new Error("engine state: a momentum method needs every run's velocity (w_t − w_{t−1})");
  state.velocities.forEach((v, k) => {
    if (v.length !== shape.size) throw new Error(`engine state: run ${k}'s velocity has ${v.length} entries, expected ${shape.size}`);
  });
  return state.velocities;
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
