// Joins the shards of one sweep (written with --shard i/N) back into the results of the whole
// sweep: the runs in the order of the full η list, as if it had run in one piece.

import { ConfigError } from './config-error';
import type { Results } from './results';

/** Positions [start, end) in the full η list of K that shard `index` of `count` runs (contiguous slices). */
export function shardRange(K: number, index: number, count: number): [number, number] {
  return [Math.floor(((index - 1) * K) / count), Math.floor((index * K) / count)];
}

export function mergeShards(parts: { source: string; results: Results }[]): Results {
  if (parts.length === 0) throw new ConfigError('merge', parts.length, 'at least one results file');
  const first = parts[0];
  const shard0 = first.results.shard;
  if (!shard0) throw new ConfigError(`${first.source}: shard`, undefined, 'a results file written with --shard i/N');
  const { count, etas } = shard0;
  if (!Number.isInteger(count) || count < 1 || !Array.isArray(etas) || etas.length < count) {
    throw new ConfigError(`${first.source}: shard`, shard0, 'a shard description {index, count, etas} as bigstep sweep --shard writes it');
  }
  const key = configKey(first.results);
  const seen = new Map<number, string>();
  for (const { source, results } of parts) {
    const s = results.shard;
    if (!s) throw new ConfigError(`${source}: shard`, undefined, 'a results file written with --shard i/N');
    if (s.count !== count) throw new ConfigError(`${source}: shard.count`, s.count, `${count}, as in ${first.source}`);
    if (JSON.stringify(s.etas) !== JSON.stringify(etas) || configKey(results) !== key) {
      throw new ConfigError(`${source}: config`, undefined, `the same sweep as ${first.source} (same config apart from the shard's stepsizes)`);
    }
    if (!Number.isInteger(s.index) || s.index < 1 || s.index > count) throw new ConfigError(`${source}: shard.index`, s.index, `an integer from 1 to ${count}`);
    // The η this shard ran must be its slice of the full list: an edited index or η list is caught here.
    const [start, end] = shardRange(etas.length, s.index, count);
    if (JSON.stringify(results.config.etas) !== JSON.stringify(etas.slice(start, end))) {
      throw new ConfigError(`${source}: config.etas`, results.config.etas, `the η of shard ${s.index}/${count} of the full list (${JSON.stringify(etas.slice(start, end))})`);
    }
    if (results.engine.kind !== first.results.engine.kind || results.engine.precision !== first.results.engine.precision) {
      throw new ConfigError(`${source}: engine`, results.engine.name, `the engine of ${first.source} (${first.results.engine.name}); shards from different engines (float32 GPU, float64 CPU) do not make one sweep`);
    }
    if (seen.has(s.index)) throw new ConfigError(`${source}: shard.index`, s.index, `a shard not already given (${seen.get(s.index)} is shard ${s.index}/${count})`);
    seen.set(s.index, source);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new ConfigError('merge', missing, `every shard of ${count}; missing shard(s) ${missing.join(', ')}`);

  const byEta = new Map<number, Results['runs'][number]>();
  for (const { results } of parts) for (const run of results.runs) byEta.set(run.eta, run);
  const sorted = [...parts].sort((a, b) => a.results.shard!.index - b.results.shard!.index);
  const started = sorted.map((p) => p.results.timings.startedAt).sort()[0];
  const finished = sorted.map((p) => p.results.timings.finishedAt).sort().at(-1)!;
  const wallSeconds = sorted.reduce((s, p) => s + p.results.timings.wallSeconds, 0);
  const { shard: _shard, ...base } = first.results;
  return {
    ...base,
    config: { ...first.results.config, etas },
    status: parts.some((p) => p.results.status === 'cancelled') ? 'cancelled' : 'done',
    stepsDone: Math.min(...parts.map((p) => p.results.stepsDone)),
    // Wall time summed over the shards: the compute time the whole sweep took.
    timings: { startedAt: started, finishedAt: finished, wallSeconds, stepsPerSecond: first.results.timings.stepsPerSecond },
    runs: etas.map((eta) => byEta.get(eta)!),
  };
}

function configKey(results: Results): string {
  const { etas: _etas, ...rest } = results.config;
  return JSON.stringify(rest);
}
