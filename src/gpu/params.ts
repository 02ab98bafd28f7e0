// The values of the WGSL Params struct (shaders/common.wgsl) for one engine. The offsets come from
// reflection (packUniform); this only says what each field holds. A test checks the names here
// are exactly the struct's members.

import type { ExperimentConfig } from '../core/config-types';
import type { MemoryPlan } from './memory-plan';
import { LOSS_CODES } from './loss-codes';

export function baseParams(config: ExperimentConfig, plan: MemoryPlan, nTile: number): Record<string, number> {
  const { n, d, K, m } = plan;
  return {
    n,
    d,
    K,
    m,
    blockStart: 0,
    blockSize: 1,
    chunkBase: 0,
    numChunks: plan.numChunks,
    normBase: 0,
    numNorm: plan.numNorm,
    lossKind: LOSS_CODES[config.loss.kind],
    sgd: 0,
    doUpdate: 0,
    orderSeed: config.optimizer.kind === 'sgd' ? config.optimizer.orderSeed : 0,
    nTiles: Math.ceil(n / nTile),
    lossA: config.loss.a,
    invSqrtM: 1 / Math.sqrt(m),
    invN: 1 / n,
    logDiverge: Math.log(config.divergeAbove),
    cScale: 1,
    featChunk: plan.featChunk,
    gradChunk: plan.gradChunk,
    gradChunks: plan.gradChunks,
    sharpProduct: 0,
  };
}
