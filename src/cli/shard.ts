// --shard i/N: the i-th of N contiguous slices of the η list, so a sweep can run as a job array
// (Slurm --array=1-N, a Kubernetes indexed Job) and be joined again by `bigstep merge`.

import { shardRange } from '../core/merge';
import { UsageError } from './args';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 10_000 || index < 1 || index > count) {
    throw new UsageError(`--shard: "${raw}" is not allowed; expected i/N with 1 <= i <= N, e.g. 2/4`);
  }
  return { index, count };
}

/** Positions (into the full η list) of the η that shard i/N runs. */
export function shardPositions(K: number, shard: Shard): number[] {
  if (shard.count > K) {
    throw new UsageError(`--shard ${shard.index}/${shard.count}: this sweep has only ${K} stepsizes, so some shards would be empty; use at most ${K} shards`);
  }
  const [start, end] = shardRange(K, shard.index, shard.count);
  return Array.from({ length: end - start }, (_, i) => start + i);
}
