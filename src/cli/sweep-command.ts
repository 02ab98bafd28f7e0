// `bigstep sweep`: load a preset or config file, expand a study into its sweeps, run each on the
// chosen engine (optionally one shard of its η list), print the per-η summaries (and the study's
// table), and write results.json and results.csv. Ctrl-C stops after the current chunk and still
// writes what was recorded, marked cancelled.

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
import { PngOutput } from './png-output';
import { hasCheckpoint, loadCheckpoint, removeCheckpoint, saveCheckpoint } from './checkpoint-files';
import { validateResults } from '../core/results-schema';

export const SWEEP_HELP = `Usage: bigstep sweep (--preset NAME | --config FILE | --resume DIR) [options]

Runs gradient descent for every stepsize of the experiment and writes DIR/results.json,
DIR/results.csv and PNG images of the main panels (a study writes one folder per sweep,
DIR/<label>/, and DIR/study.json).

Options:
  --preset NAME     a named experiment: ${presetNames().join(', ')} (see: bigstep presets)
  --config FILE     an experiment config in JSON (format bigstep.config/1, see README)
  --engine E        cpu: float64, WebAssembly SIMD on every core, in Node (default); gpu: WebGPU in headless Chrome
  --steps N         override the number of steps (e.g. 4096 or 2^16)
  --quick           the preset's reduced size (about a minute on a CPU or software GPU adapter)
  --shard i/N       run only the i-th of N slices of the stepsize list (join with bigstep merge)
  --out DIR         where to write the results (default: results/<name>)
  --resume DIR      continue a stopped sweep from its last checkpoint in DIR (same flags as before)
  --checkpoint-every S  seconds between checkpoints (default 60; 0 = only when stopped)
  --no-png          skip the PNG images (they need Chrome or Chromium)
  --quiet           no progress bar
  -h, --help        this help
`;

/** The flags of `bigstep sweep` (exported for the fuzz test of the flag parser). */
export const SWEEP_OPTIONS = {
  preset: { type: 'string' },
  config: { type: 'string' },
  resume: { type: 'string' },
  engine: { type: 'string' },
  steps: { type: 'string' },
  quick: { type: 'boolean' },
  shard: { type: 'string' },
  out: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'no-png': { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What a sweep folder's run.json records, so `--resume DIR` repeats the same invocation. */
interface Invocation {
  format: 'bigstep.invocation/1';
  config: ExperimentConfig;
  engine: 'cpu' | 'gpu';
  shard?: Shard;
}

export async function sweepCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, SWEEP_OPTIONS);
  if (flags.help) {
    process.stdout.write(SWEEP_HELP);
    return 0;
  }
  const checkpointEveryMs = 1000 * (flags['checkpoint-every'] === undefined ? 60 : intFlag('checkpoint-every', flags['checkpoint-every'] as string, 0, 86_400));
  const { invocation, outDir } = flags.resume !== undefined ? await resumeInvocation(flags) : await newInvocation(flags);
  const { config, shard } = invocation;
  const subs = expandStudy(config);
  // Check every shard before starting anything, so a bad --shard fails at once.
  if (shard) for (const sub of subs) shardPositions(sub.config.etas.length, shard);
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'run.json'), JSON.stringify(invocation));

  const handle = await createEngine(invocation.engine);
  const png = new PngOutput(flags['no-png'] !== true, handle.session);
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\ninterrupted: finishing the current chunk, then writing the results and a checkpoint (Ctrl-C again to quit at once)\n');
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
      const dir = config.study ? path.join(outDir, safeName(sub.label)) : outDir;
      if (subs.length > 1) process.stderr.write(`\n== ${sub.label} ==\n`);
      const resuming = flags.resume !== undefined;
      const finished = resuming ? await finishedResults(dir, subConfig) : null;
      if (finished) {
        process.stderr.write(`already done: ${path.join(dir, 'results.json')}\n`);
        parts.push({ label: sub.label, results: finished });
        continue;
      }
      // A fresh run starts from step 0 even where an older checkpoint lies; --resume continues it.
      if (!resuming) await removeCheckpoint(dir);
      const resume = resuming && hasCheckpoint(dir) ? await loadCheckpoint(dir) : undefined;
      if (resume && JSON.stringify(resume.config) !== JSON.stringify(subConfig)) {
        throw new UsageError(`${dir} holds a checkpoint of a different sweep; use another --out, or delete checkpoint.json there`);
      }
      const data = await loadCached(dataCache, subConfig);
      const from = resume ? `, resuming at step ${resume.current.done} of batch ${resume.batch + 1}` : '';
      process.stderr.write(`data: ${data.name} (n = ${data.n}, d = ${data.d}); ${subConfig.etas.length} stepsizes, ${subConfig.steps} steps${from}\n`);
      await mkdir(dir, { recursive: true });
      const results = await runSweep(handle.engine, { config: subConfig, data }, {
        signal: controller.signal,
        onProgress: flags.quiet ? undefined : progressPrinter(),
        resume,
        checkpointEveryMs,
        onCheckpoint: (cp) => saveCheckpoint(dir, cp),
        onRecover: (reason, step) => process.stderr.write(`\n${reason}: got a new device, continuing from the checkpoint at step ${step}\n`),
        environment: {
          runtime: `Node ${process.versions.node}`,
          platform: `${process.platform}-${process.arch}`,
          cpu: os.cpus()[0]?.model,
          ...(handle.browser ? { browser: handle.browser } : {}),
        },
      });
      if (shard) results.shard = { index: shard.index, count: shard.count, etas: sub.config.etas };
      const files = await writeResults(dir, results);
      const accel = config.study?.kind === 'accel' ? { study: config.study, fixedEtas: config.etas } : undefined;
      files.push(...(await png.write(results, dir, accel)));
      if (results.status === 'done') await removeCheckpoint(dir);
      parts.push({ label: sub.label, results });
      process.stdout.write(`${subs.length > 1 ? `\n${sub.label}\n` : ''}${summaryTable(results)}\n`);
      const note = results.status === 'cancelled' ? `cancelled at step ${results.stepsDone} (continue with: bigstep sweep --resume ${outDir}); partial ` : '';
      process.stderr.write(`${note}results written to ${files.join(', ')} (${results.timings.wallSeconds.toFixed(1)} s, ${results.timings.stepsPerSecond.toFixed(0)} steps/s)\n`);
      if (results.status === 'cancelled') break;
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    await png.close();
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

async function newInvocation(flags: Record<string, string | boolean | undefined>): Promise<{ invocation: Invocation; outDir: string }> {
  const config = await resolveConfig(flags);
  const invocation: Invocation = { format: 'bigstep.invocation/1', config, engine: parseEngineName(flags.engine as string | undefined) };
  if (flags.shard !== undefined) invocation.shard = parseShard(flags.shard as string);
  return { invocation, outDir: (flags.out as string | undefined) ?? path.join('results', config.name) };
}

/** --resume DIR: the invocation saved in DIR/run.json; only --engine may change (e.g. after a move). */
async function resumeInvocation(flags: Record<string, string | boolean | undefined>): Promise<{ invocation: Invocation; outDir: string }> {
  const dir = flags.resume as string;
  for (const f of ['preset', 'config', 'steps', 'quick', 'shard', 'out'] as const) {
    if (flags[f] !== undefined) throw new UsageError(`--resume takes the sweep as it was started; --${f} cannot be given with it`);
  }
  const file = path.join(dir, 'run.json');
  if (!existsSync(file)) throw new UsageError(`--resume: ${file} not found (is ${dir} the --out folder of a sweep?)`);
  let invocation: Invocation;
  try {
    invocation = JSON.parse(await readFile(file, 'utf8'));
    if (invocation.format !== 'bigstep.invocation/1') throw new Error(`unknown format ${JSON.stringify(invocation.format)}`);
    invocation.config = parseConfig(invocation.config);
  } catch (err) {
    throw new UsageError(`--resume: ${file} is damaged: ${(err as Error).message}`);
  }
  if (flags.engine !== undefined) invocation.engine = parseEngineName(flags.engine as string);
  return { invocation, outDir: dir };
}

/** The results already in `dir` if they are complete and of this very sweep. */
async function finishedResults(dir: string, config: ExperimentConfig): Promise<Results | null> {
  const file = path.join(dir, 'results.json');
  if (!existsSync(file) || hasCheckpoint(dir)) return null;
  try {
    const r = validateResults(JSON.parse(await readFile(file, 'utf8')));
    return r.status === 'done' && JSON.stringify(r.config) === JSON.stringify(config) ? r : null;
  } catch {
    return null;
  }
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

/** A study part's folder name (labels such as "flatExp(a=1)-ntk(m=256)" keep letters, digits and =._-). */
export function safeName(label: string): string {
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
