// Joins the shards of one sweep (written with --shard i/N) back into the results of the whole
// sweep: the runs in the order of the full η list, as if it had run in one piece.

import { ConfigError } from './config-error';
import type { Results } from './results';

export function mergeShards(parts: { source: string; results: Results }[]): Results {
  if (parts.length === 0) throw new ConfigError('merge', parts.length, 'at least one results file');
  const first = parts[0];
  const shard0 = first.results.shard;
  if (!shard0) throw new ConfigError(`${first.source}: shard`, undefined, 'a results file written with --shard i/N');
  const { count, etas } = shard0;
  const key = configKey(first.results);
  const seen = new Map<number, string>();
  for (const { source, results } of parts) {
    const s = results.shard;
    if (!s) throw new ConfigError(`${source}: shard`, undefined, 'a results file written with --shard i/N');
    if (s.count !== count) throw new ConfigError(`${source}: shard.count`, s.count, `${count}, as in ${first.source}`);
    if (JSON.stringify(s.etas) !== JSON.stringify(etas) || configKey(results) !== key) {
      throw new ConfigError(`${source}: config`, undefined, `the same sweep as ${first.source} (same config apart from the shard's stepsizes)`);
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
