// `bigstep sweep`: load a preset or config file, expand a study into its sweeps, run each on the
// chosen engine (optionally one shard of its η list), print the per-η summaries (and the study's
// table), and write results.json and results.csv. Ctrl-C stops after the current chunk and still
// writes what was recorded, marked cancelled.

import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type ExperimentConfig } from '../core/config';
import { ConfigError } from '../core/config-error';
import type { Dataset } from '../core/data/dataset';
import { loadDataset } from '../core/data/load';
import { presetNames, presetRaw } from '../core/presets';
import type { Results } from '../core/results';
import { expandStudy, studyTable, type StudyTable } from '../core/study';
import { nodeDataIO } from '../node/data-io';
import { runSweep } from '../sweep/run-sweep';
import { intFlag, parseFlags, UsageError } from './args';
import { createEngine, parseEngineName } from './engines';
import { progressPrinter } from './progress-bar';
import { parseShard, shardPositions, type Shard } from './shard';
import { alignTable, fmt, summaryTable } from './summary-table';
import { writeResults } from './write-results';

export const SWEEP_HELP = `Usage: bigstep sweep (--preset NAME | --config FILE) [options]

Runs gradient descent for every stepsize of the experiment and writes DIR/results.json and
DIR/results.csv (a study writes one folder per sweep, DIR/<label>/, and DIR/study.json).

Options:
  --preset NAME     a named experiment: ${presetNames().join(', ')} (see: bigstep presets)
  --config FILE     an experiment config in JSON (format bigstep.config/1, see README)
  --engine E        cpu: the float64 reference, in Node (default); gpu: WebGPU in headless Chrome
  --steps N         override the number of steps (e.g. 4096 or 2^16)
  --quick           the preset's reduced size (about a minute on a CPU or software GPU adapter)
  --shard i/N       run only the i-th of N slices of the stepsize list (join with bigstep merge)
  --out DIR         where to write the results (default: results/<name>)
  --quiet           no progress bar
  -h, --help        this help
`;

export async function sweepCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    preset: { type: 'string' },
    config: { type: 'string' },
    engine: { type: 'string' },
    steps: { type: 'string' },
    quick: { type: 'boolean' },
    shard: { type: 'string' },
    out: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    process.stdout.write(SWEEP_HELP);
    return 0;
  }
  const config = await resolveConfig(flags);
  const engineName = parseEngineName(flags.engine as string | undefined);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard as string);
  const outDir = (flags.out as string | undefined) ?? path.join('results', config.name);
  const subs = expandStudy(config);
  // Check every shard before starting anything, so a bad --shard fails at once.
  if (shard) for (const sub of subs) shardPositions(sub.config.etas.length, shard);

  const handle = await createEngine(engineName);
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\ninterrupted: finishing the current chunk, then writing the results (Ctrl-C again to quit at once)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const parts: { label: string; results: Results }[] = [];
  const dataCache = new Map<string, Dataset>();
  try {
    process.stderr.write(`engine: ${handle.engine.info.name}${handle.browser ? ` (${handle.browser})` : ''}\n`);
    for (const sub of subs) {
      const subConfig = shard ? shardConfig(sub.config, shard) : sub.config;
      const data = await loadCached(dataCache, subConfig);
      if (subs.length > 1) process.stderr.write(`\n== ${sub.label} ==\n`);
      process.stderr.write(`data: ${data.name} (n = ${data.n}, d = ${data.d}); ${subConfig.etas.length} stepsizes, ${subConfig.steps} steps\n`);
      const results = await runSweep(handle.engine, { config: subConfig, data }, {
        signal: controller.signal,
        onProgress: flags.quiet ? undefined : progressPrinter(),
        environment: {
          runtime: `Node ${process.versions.node}`,
          platform: `${process.platform}-${process.arch}`,
          cpu: os.cpus()[0]?.model,
          ...(handle.browser ? { browser: handle.browser } : {}),
        },
      });
      if (shard) results.shard = { index: shard.index, count: shard.count, etas: sub.config.etas };
      const dir = config.study ? path.join(outDir, safeName(sub.label)) : outDir;
      const files = await writeResults(dir, results);
      parts.push({ label: sub.label, results });
      process.stdout.write(`${subs.length > 1 ? `\n${sub.label}\n` : ''}${summaryTable(results)}\n`);
      const note = results.status === 'cancelled' ? `cancelled at step ${results.stepsDone}; partial ` : '';
      process.stderr.write(`${note}results written to ${files.join(', ')} (${results.timings.wallSeconds.toFixed(1)} s, ${results.timings.stepsPerSecond.toFixed(0)} steps/s)\n`);
      if (results.status === 'cancelled') break;
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    await handle.close();
  }
  const cancelled = parts.some((p) => p.results.status === 'cancelled');
  if (config.study && !shard && !cancelled) {
    const table = studyTable(config.study, config.etas, parts);
    const file = path.join(outDir, 'study.json');
    await writeFile(file, JSON.stringify({ format: 'bigstep.study/1', config, sweeps: parts.map((p) => p.label), table }));
    process.stdout.write(`\n${formatStudyTable(table)}\n`);
    process.stderr.write(`study table written to ${file}\n`);
  }
  return cancelled ? 130 : 0;
}

function formatStudyTable(table: StudyTable): string {
  return `${table.title}\n${alignTable(table.columns, table.rows.map((r) => r.map((c) => fmt(c))))}`;
}

function shardConfig(config: ExperimentConfig, shard: Shard): ExperimentConfig {
  const positions = shardPositions(config.etas.length, shard);
  return { ...config, etas: positions.map((i) => config.etas[i]) };
}

async function loadCached(cache: Map<string, Dataset>, config: ExperimentConfig): Promise<Dataset> {
  const key = JSON.stringify(config.data);
  let data = cache.get(key);
  if (!data) {
    data = await loadDataset(config.data, nodeDataIO);
    cache.set(key, data);
  }
  return data;
}

function safeName(label: string): string {
  return label.replace(/[^A-Za-z0-9=._-]+/g, '_');
}

async function resolveConfig(flags: Record<string, string | boolean | undefined>): Promise<ExperimentConfig> {
  const presetName = flags.preset as string | undefined;
  const file = flags.config as string | undefined;
  if ((presetName === undefined) === (file === undefined)) {
    throw new UsageError('give exactly one of --preset NAME or --config FILE (see bigstep sweep --help)');
  }
  let raw: Record<string, unknown>;
  if (presetName !== undefined) {
    if (!presetNames().includes(presetName)) {
      throw new UsageError(`--preset: "${presetName}" is not a preset; expected one of ${presetNames().join(', ')}`);
    }
    raw = presetRaw(presetName, flags.quick === true);
  } else {
    if (flags.quick) throw new UsageError('--quick applies to presets only; set the sizes in the config file instead');
    raw = await readConfigFile(file!);
  }
  if (flags.steps !== undefined) applyStepsOverride(raw, intFlag('steps', flags.steps as string, 1, 2 ** 30));
  try {
    return parseConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`${presetName ? `preset ${presetName}` : file}: ${err.message}`);
    throw err;
  }
}

async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--config: cannot read "${file}": ${(err as Error).message}`);
  }
  try {
    const value = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('the top level must be an object');
    return value;
  } catch (err) {
    throw new UsageError(`--config: "${file}" is not a valid config: ${(err as Error).message}`);
  }
}

/** --steps N; for an acceleration study it caps the horizons T (the sweep runs to the largest). */
function applyStepsOverride(raw: Record<string, unknown>, steps: number): void {
  raw.steps = steps;
  const study = raw.study as { kind?: string; horizons?: unknown } | undefined;
  if (study?.kind === 'accel' && Array.isArray(study.horizons)) {
    const kept = study.horizons.filter((t) => typeof t === 'number' && t <= steps);
    study.horizons = kept.length > 0 ? kept : [steps];
  }
}
