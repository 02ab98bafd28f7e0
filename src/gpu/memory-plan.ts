// The memory planner: from a config, the data size and the device's limits, every buffer the GPU
// engine will allocate, the split of the NTK neurons into blocks that each fit one binding, and the
// total, or a PlanError naming what was needed and the limit, before anything is allocated.

import { momentumBeta } from '../core/config-optimizer';
import type { ExperimentConfig } from '../core/config-types';
import { NMET, RUN_WORDS, STATE_RUN0 } from './metrics-layout';

/**
 * Tile sizes the plan depends on; they must equal the WGSL constants (a test holds them together).
 * linearFeatureTile: TJ of linear_update.wgsl (64 features, one per thread; the norm partials' count);
 * linearGradTile: TG of linear_backward.wgsl (256 features, 4 per thread); linearSampleTile: TI of
 * linear_forward.wgsl (256 samples, 4 per thread). ntkTile: T of ntk_forward and ntk_backward (64×64 output tiles: twice
 * the multiply-adds per loaded float of 32×32 ones), and the grid of the norm-partial slots whatever
 * the backward's tile (NT of ntk_backward_t128); ntkTile128: T of the opt-in ntk_forward_t128 and
 * ntk_backward_t128 (GpuEngineOptions.ntkTile128); ntkMaskWord: MW of all of those,
 * the samples per u32 of ReLU sign bits (nTiles = ⌈n/32⌉ words per neuron whatever the output tile);
 * ntkChunk: CHUNK of both forwards, the neurons per forward partial.
 */
export const PLAN_TILES = { ntkTile: 64, ntkTile128: 128, ntkMaskWord: 32, ntkChunk: 256, linearFeatureTile: 64, linearGradTile: 256, linearSampleTile: 256 } as const;

/**
 * The linear model's splits of its two sums, which keep every GPU thread's serial chain short:
 * the forward's dot products over d features in chunks of featChunk (grid y of linear_forward.wgsl;
 * stats.wgsl adds the chunks), and the gradient's sum over n samples in chunks of gradChunk (grid y of
 * linear_backward.wgsl; linear_update.wgsl adds the chunks). Features: chunks of about 64, since
 * stats, one workgroup per run, pays for every extra chunk of every sample. Samples: about √n chunks
 * of about √n samples, which balances the two backward kernels' chains. Both counts are capped so
 * their partials (K × chunks × n, K × chunks × d) never take more memory than the data X (n × d),
 * which already fits one binding.
 */
export function linearChunks(n: number, d: number, K: number): { featChunk: number; featChunks: number; gradChunk: number; gradChunks: number } {
  const split = (len: number, want: number): [number, number] => {
    const size = Math.max(1, Math.ceil(len / Math.max(1, want)));
    return [size, Math.ceil(len / size)];
  };
  const [featChunk, featChunks] = split(d, Math.min(Math.ceil(d / 64), Math.floor(d / K)));
  const [gradChunk, gradChunks] = split(n, Math.min(Math.ceil(Math.sqrt(n)), Math.floor(n / K)));
  return { featChunk, featChunks, gradChunk, gradChunks };
}

export interface PlanLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  /** Total bytes the engine may allocate (WebGPU does not report device memory). */
  budgetBytes: number;
  /**
   * Most multiply-adds one NTK dispatch may do (2·K·n·d per neuron): blocks are also cut so every
   * dispatch stays far below a second, which browsers enforce by resetting a hung GPU.
   */
  maxDispatchFlops?: number;
  /**
   * The NTK kernels' output tile (PLAN_TILES.ntkTile, or ntkTile128 with the opt-in 128×128 kernels):
   * neuron blocks are cut at multiples of it (where a binding holds one tile), so only the last block
   * can end in a part tile. The norm-partial slots stay on the 64×64 grid either way (ntk_backward fills
   * them, in the step and in the sharpness's products; ntk_backward_t128 writes its tile's sum into the first of its 2×2 slots and zeros into the
   * rest).
   */
  ntkTile?: number;
}

export interface NeuronBlock {
  start: number;
  size: number;
  chunkBase: number;
  chunks: number;
  normBase: number;
  norms: number;
}

export interface MemoryPlan {
  K: number;
  n: number;
  d: number;
  /** Width (1 for the linear model, whose single "block" is w itself). */
  m: number;
  blocks: NeuronBlock[];
  numChunks: number;
  numNorm: number;
  /** Linear model (linearChunks): features per forward chunk, samples per backward chunk and its count; 0 for NTK. */
  featChunk: number;
  gradChunk: number;
  gradChunks: number;
  /** Metric slots per readback. */
  slots: number;
  buffers: { name: string; bytes: number }[];
  totalBytes: number;
  /** The per-binding cap the plan used. */
  bindingLimit: number;
}

export class PlanError extends Error {
  override name = 'PlanError';
}

const MIB = 2 ** 20;
const fmt = (b: number): string => (b >= MIB ? `${(b / MIB).toFixed(1)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} bytes`);

export function planMemory(config: ExperimentConfig, n: number, d: number, limits: PlanLimits): MemoryPlan {
  if (config.model.kind === 'mlp') throw new PlanError('the mlp model is planned by planMlpMemory, not by planMemory');
  const K = config.etas.length;
  const cap = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const buffers: { name: string; bytes: number }[] = [];
  const need = (name: string, bytes: number, hint = ''): void => {
    if (bytes > cap) {
      throw new PlanError(`${name} needs ${fmt(bytes)} in one binding, above the device's limit of ${fmt(cap)}${hint}`);
    }
    buffers.push({ name, bytes: Math.max(bytes, 4) });
  };
  const nTiles = Math.ceil(n / PLAN_TILES.ntkMaskWord);
  // Heavy-ball and Nesterov: the velocities double the weights' buffers (they follow the weights, resources.ts).
  const weightCopies = momentumBeta(config.optimizer) !== null ? 2 : 1;
  const withVelocities = weightCopies === 2 ? ' and velocities' : '';
  need('data X (n×d fp32)', n * d * 4, '; use fewer samples or features');
  need('labels y', n * 4);
  let blocks: NeuronBlock[];
  let m = 1;
  let split = { featChunk: 0, gradChunk: 0, gradChunks: 0 };
  if (config.model.kind === 'linear') {
    need(`weights W${withVelocities} (${weightCopies > 1 ? '2×' : ''}K×d)`, weightCopies * K * d * 4, '; use fewer stepsizes');
    need('initial weights W0', d * 4);
    need('data Xᵀ (d×n fp32, for the forward pass)', n * d * 4, '; use fewer samples or features');
    const { featChunks, ...rest } = linearChunks(n, d, K);
    split = rest;
    need(`partial gradients (K×${rest.gradChunks} chunks×d)`, K * rest.gradChunks * d * 4, '; use fewer stepsizes');
    const norms = Math.ceil(d / PLAN_TILES.linearFeatureTile);
    blocks = [{ start: 0, size: 1, chunkBase: 0, chunks: featChunks, normBase: 0, norms }];
  } else {
    m = config.model.width;
    const perNeuron = Math.max(weightCopies * K * d * 4, K * nTiles * 4);
    if (perNeuron > cap) {
      throw new PlanError(`one neuron for ${K} stepsizes needs ${fmt(perNeuron)} in one binding, above the device's limit of ${fmt(cap)}`);
    }
    const tile = limits.ntkTile ?? PLAN_TILES.ntkTile;
    let bs = Math.floor(cap / perNeuron);
    const byTime = Math.floor((limits.maxDispatchFlops ?? Infinity) / (2 * K * n * d));
    bs = Math.min(bs, Math.max(byTime, tile));
    if (bs >= tile) bs -= bs % tile;
    bs = Math.min(bs, m);
    blocks = [];
    let chunkBase = 0;
    let normBase = 0;
    for (let start = 0; start < m; start += bs) {
      const size = Math.min(bs, m - start);
      const chunks = Math.ceil(size / PLAN_TILES.ntkChunk);
      const norms = Math.ceil(d / PLAN_TILES.ntkTile) * Math.ceil(size / PLAN_TILES.ntkTile);
      blocks.push({ start, size, chunkBase, chunks, normBase, norms });
      chunkBase += chunks;
      normBase += norms;
      need(`weights W${withVelocities} block ${blocks.length - 1} (${weightCopies > 1 ? '2×' : ''}K×${size}×d)`, weightCopies * K * size * d * 4);
      need(`initial weights W0 block ${blocks.length - 1}`, size * d * 4);
      need(`activation sign bits block ${blocks.length - 1}`, K * size * nTiles * 4);
    }
    need('output signs a', m * 4);
  }
  const numChunks = blocks.reduce((s, b) => s + b.chunks, 0);
  const numNorm = blocks.reduce((s, b) => s + b.norms, 0);
  // The ℓ2 term's sums of (w − w0)² (K×chunks) follow the forward partials in the same binding.
  const l2 = (config.loss.l2 ?? 0) > 0;
  need(`forward partials (K×chunks×${l2 ? '(n + 1), with the ℓ2 sums' : 'n'})`, K * numChunks * (n + (l2 ? 1 : 0)) * 4, '; use fewer samples or stepsizes');
  if (config.metrics.includes('distToOpt')) need('the optimum w* (d, for distToOpt)', d * 4);
  need('coefficients (K×n)', K * n * 4);
  need('margins z (K×n)', K * n * 4);
  need('norm partials', K * numNorm * 3 * 4);
  const slotBytes = K * NMET * 4;
  const slots = Math.max(2, Math.min(1024, Math.floor(cap / slotBytes)));
  need('metrics', slots * slotBytes);
  need('metrics readback A', slots * slotBytes);
  need('metrics readback B', slots * slotBytes);
  need('run state', (STATE_RUN0 + RUN_WORDS * K) * 4);
  if (config.metrics.includes('sharpness')) {
    // v and Hv per block, shaped like W (so each fits where W fits).
    for (const b of blocks) {
      const bytes = K * (config.model.kind === 'linear' ? 1 : b.size) * d * 4;
      need(`power-iteration vector v (block of ${b.size})`, bytes);
      need(`Hessian-vector product Hv (block of ${b.size})`, bytes);
    }
    need('Hessian weights (K×n)', K * n * 4);
  }
  const totalBytes = buffers.reduce((s, b) => s + b.bytes, 0);
  if (totalBytes > limits.budgetBytes) {
    throw new PlanError(
      `the sweep needs ${fmt(totalBytes)} of GPU memory (${K} stepsizes, n = ${n}, d = ${d}${m > 1 ? `, m = ${m}` : ''}), above the budget of ${fmt(limits.budgetBytes)}`,
    );
  }
  return { K, n, d, m, blocks, numChunks, numNorm, ...split, slots, buffers, totalBytes, bindingLimit: cap };
}

/** What the MLP engine's buffers take (mlp-engine.ts allocates them; its counts per slot and run are passed in). */
export interface MlpPlanShape {
  /** Parameters per run (MlpLayout.size), and the units per layer (MlpLayout.dims: inputs, hidden..., outputs). */
  size: number;
  dims: readonly number[];
  /** Metric slots per readback and metrics per slot and run. */
  slots: number;
  metricsPerSlot: number;
  /** Bytes of one run's state (struct Run), and how many readback buffers the metrics have. */
  runBytes: number;
  readbacks: number;
}

/**
 * The MLP engine's plan: each buffer that must fit one binding, and the total within the budget;
 * the total in bytes, or a PlanError naming what was needed and the limit.
 */
export function planMlpMemory(K: number, n: number, shape: MlpPlanShape, limits: Pick<PlanLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize' | 'budgetBytes'>): number {
  const cap = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const { size: P, dims } = shape;
  const widest = Math.max(...dims.slice(1));
  const bound: [string, number][] = [
    ['data X (n×d fp32)', n * dims[0] * 4],
    ['weights W (K×P fp32)', K * P * 4],
    ['activations (K×n×width fp32)', K * n * widest * 4],
  ];
  for (const [what, bytes] of bound) {
    if (bytes > cap) throw new PlanError(`${what} needs ${fmt(bytes)} in one binding, above the device's limit of ${fmt(cap)}; use fewer stepsizes, samples or a narrower network`);
  }
  const layers = dims.length - 1;
  // Per layer Z, D and (but for the output layer) A, each K × n × units.
  const activations = dims.slice(1).reduce((s, u, l) => s + (l + 1 < layers ? 3 : 2) * K * n * u * 4, 0);
  const totalBytes =
    n * dims[0] * 4 + 2 * n * 4 + P * 4 + // X, y, labels, W0
    6 * K * P * 4 + // W, Wp, ∇L, ∇L(Wp), ∇L(W+εv), V
    K * shape.runBytes + (1 + shape.readbacks) * shape.slots * K * shape.metricsPerSlot * 4 + // run state, metrics and their readbacks
    activations;
  if (totalBytes > limits.budgetBytes) {
    throw new PlanError(`the sweep needs ${fmt(totalBytes)} of GPU memory (${K} stepsizes, n = ${n}, ${P} parameters per network), above the budget of ${fmt(limits.budgetBytes)}`);
  }
  return totalBytes;
}
