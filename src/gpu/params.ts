// The values of the WGSL Params struct (shaders/common.wgsl) for one engine. The offsets come from
// reflection (packUniform); this only says what each field holds. A test checks the names here
// are exactly the struct's members.

import { momentumBeta } from '../core/config-optimizer';
import type { ExperimentConfig, OptimizerConfig } from '../core/config-types';
import type { MemoryPlan } from './memory-plan';
import { LOSS_CODES } from './loss-codes';
import { wgslConst } from './reflect';
import commonWgsl from '../../shaders/common.wgsl?raw';

/** Params.optKind of an optimizer: the OPT_* constants of shaders/common.wgsl (GD and SGD share OPT_GD). */
export function optimizerCode(opt: OptimizerConfig): number {
  const name = { gd: 'OPT_GD', sgd: 'OPT_GD', heavyBall: 'OPT_HEAVY_BALL', nesterov: 'OPT_NESTEROV' } as const;
  if (opt.kind === 'adaptive') return wgslConst(commonWgsl, opt.by === 'loss' ? 'OPT_ADAPTIVE_LOSS' : 'OPT_ADAPTIVE_GRAD_NORM');
  return wgslConst(commonWgsl, name[opt.kind]);
}

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
    l2: config.loss.l2 ?? 0,
    optKind: optimizerCode(config.optimizer),
    beta: momentumBeta(config.optimizer) ?? 0,
    coefOnly: 0,
    velBase: 0,
    lookAhead: 0,
  };
}
