// The memory planner (memory-plan.ts) sizes neuron blocks and dispatches with tile constants of its
// own; the compiled kernels must use the same ones, or a plan would not match the grid it dispatches.

import type { Kernel, KernelSet } from './kernels';
import { PLAN_TILES } from './memory-plan';
import { wgslConst } from './reflect';

/** The planner sizes blocks and dispatches with tile constants; they must be the shaders' own. */
export function checkTiles(k: KernelSet): void {
  const pairs: [Kernel, string, number][] = [
    [k.ntk_forward, 'T', PLAN_TILES.ntkTile],
    [k.ntk_forward, 'CHUNK', PLAN_TILES.ntkChunk],
    [k.ntk_backward, 'T', PLAN_TILES.ntkTile],
    [k.ntk_forward, 'MW', PLAN_TILES.ntkMaskWord],
    [k.ntk_backward, 'MW', PLAN_TILES.ntkMaskWord],
    // The opt-in 128×128 kernels: their own tile, the shared chunk and word, and the 64 grid of the
    // norm-partial slots that ntk_backward_t128 fills for finalize (ntk_backward's T).
    [k.ntk_forward_t128, 'T', PLAN_TILES.ntkTile128],
    [k.ntk_forward_t128, 'CHUNK', PLAN_TILES.ntkChunk],
    [k.ntk_forward_t128, 'MW', PLAN_TILES.ntkMaskWord],
    [k.ntk_backward_t128, 'T', PLAN_TILES.ntkTile128],
    [k.ntk_backward_t128, 'MW', PLAN_TILES.ntkMaskWord],
    [k.ntk_backward_t128, 'NT', PLAN_TILES.ntkTile],
    [k.linear_backward, 'TG', PLAN_TILES.linearGradTile],
    [k.linear_update, 'TJ', PLAN_TILES.linearFeatureTile],
    [k.linear_hvp, 'TJ', PLAN_TILES.linearFeatureTile],
    [k.linear_forward, 'TI', PLAN_TILES.linearSampleTile],
  ];
  for (const [kern, name, want] of pairs) {
    if (wgslConst(kern.code, name) !== want) throw new Error(`${kern.name}.wgsl ${name} differs from the memory planner's ${want}`);
  }
}
