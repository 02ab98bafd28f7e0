// The loss codes the kernels switch on (Params.lossKind, mlp_stats' lossKind): one table, the
// `const LOSS_<NAME>: u32 = <code>u;` lines of shaders/losses.wgsl, read here by name (LOSS_FLAT_EXP
// is the config's loss kind 'flatExp', and so on), so TypeScript holds no copy of the numbers.

import { LOSS_KINDS } from '../core/config';
import type { LossKind } from '../core/config-types';
import lossesWgsl from '../../shaders/losses.wgsl?raw';

/** Every loss kind's code in `wgsl` (shaders/losses.wgsl); a kind without its constant is an error. */
export function lossCodes(wgsl: string): Record<LossKind, number> {
  const byName = new Map<string, number>();
  for (const m of wgsl.matchAll(/const\s+LOSS_(\w+)\s*:\s*u32\s*=\s*(\d+)u\s*;/g)) byName.set(m[1].replace(/_/g, '').toLowerCase(), Number(m[2]));
  const out = {} as Record<LossKind, number>;
  for (const kind of LOSS_KINDS) {
    const code = byName.get(kind.toLowerCase());
    if (code === undefined) throw new Error(`shaders/losses.wgsl has no loss code for '${kind}'`);
    out[kind] = code;
  }
  return out;
}

export const LOSS_CODES = lossCodes(lossesWgsl);
