// `bigstep sweep`: load a preset or config file, expand a study into its sweeps, run each on the
// chosen engine (optionally one shard of its η list), print the per-η summaries (and the study's
// table), and write results.json and results.csv. Ctrl-C stops after the current chunk and still
// writes what was recorded, marked cancelled.

import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataDims } from '../core/budget';
import { parseConfig, type ExperimentConfig } from '../core/config';
import { ConfigError, DataError } from '../core/config-error';
import { parameterCount } from '../core/init';
import { checkJsonDepth } from '../core/json-depth';
import type { Dataset } from '../core/data/dataset';
import { loadDataset } from '../core/data/load';
import { presetNames, presetRaw } from '../core/presets';
import type { Results } from '../core/results';
import { expandStudy, studyTable, type StudyTable } from '../core/study';
import { gpuUnsupported } from '../gpu/support';
import { prepareOutputDir, writeFileAtomic } from '../node/atomic-write';
import { MiB, readTextBounded } from '../node/bounded-read';
import { nodeDataIO } from '../node/data-io';
import type { SweepCheckpoint } from '../sweep/checkpoint';
import { runSweep } from '../sweep/run-sweep';
import { intFlag, parseFlags, secondsFlag, UsageError } from './args';
import { checkBudget, defaultMemoryLimit, parseMemoryFlag, type MemoryLimit } from './budget-check';
import { createEngine, parseEngineName, type EngineName } from './engines';
import { progressPrinter } from './progress-bar';
import { parseShard, shardPositions, type Shard } from './shard';
import { alignTable, fmt, summaryTable } from './summary-table';
import { writeResults } from './write-results';
import { PngOutput } from './png-output';
import { CheckpointFiles } from './checkpoint-files';
import { validateResults } from '../core/results-schema';
import { printable } from './printable';
import { SignalStop } from './signals';

export const SWEEP_HELP = `Usage: bigstep sweep (--preset NAME | --config FILE | --resume DIR) [options]

Runs gradient descent for every stepsize of the experiment and writes DIR/results.json,
DIR/results.csv and PNG images of the main panels (a study writes one folder per sweep,
DIR/<label>/, and DIR/study.json). SIGINT (Ctrl-C) or SIGTERM stops after the current chunk and
writes a checkpoint and the results so far, marked cancelled (exit 130 / 143); --resume continues.

Options:
  --preset NAME     a named experiment: ${presetNames().join(', ')} (see: bigstep presets)
  --config FILE     an experiment config in JSON (format bigstep.config/1, see README)
  --engine E        cpu: float64, WebAssembly SIMD on every core, in Node (default); gpu: WebGPU in headless Chrome
  --steps N         override the number of steps (e.g. 4096 or 2^16)
  --quick           the preset's reduced size (about a minute on a CPU or software GPU adapter)
  --shard i/N       run only the i-th of N slices of the stepsize list (join with bigstep merge)
  --out DIR         where to write the results (default: results/<name>)
  --resume DIR      continue a stopped sweep from its last checkpoint in DIR (same flags as before)
  --checkpoint-every S  seconds between checkpoints (default 60, fractions allowed; 0 = only when stopped)
  --max-memory SIZE refuse a sweep estimated to need more memory (default 80% of the machine's), e.g. 16G
  --debug           show the stack of an internal error
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
  'max-memory': { type: 'string' },
  debug: { type: 'boolean' },
  'no-png': { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What a sweep folder's run.json records, so `--resume DIR` repeats the same invocation. */
interface Invocation {
  format: 'bigstep.invocation/1';
  config: ExperimentConfig;
  engine: EngineName;
  shard?: Shard;
}

export async function sweepCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, SWEEP_OPTIONS);
  if (flags.help) {
    process.stdout.write(SWEEP_HELP);
    return 0;
  }
  // Signals are taken from the start: data loading, the browser's launch and the PNGs are phases too.
  const stop = new SignalStop('finishing the current chunk, then writing the results and a checkpoint');
  try {
    return await sweep(flags, stop);
  } finally {
    stop.dispose();
  }
}

async function sweep(flags: Flags, stop: SignalStop): Promise<number> {
  const everySeconds = flags['checkpoint-every'] === undefined ? 60 : secondsFlag('checkpoint-every', flags['checkpoint-every'] as string, 0, 86_400);
  // 0: no periodic checkpoints, only the one written when the sweep is stopped.
  const checkpointEveryMs = everySeconds === 0 ? Infinity : 1000 * everySeconds;
  const limit: MemoryLimit = flags['max-memory'] !== undefined ? parseMemoryFlag(flags['max-memory'] as string) : defaultMemoryLimit();
  const { invocation, outDir } = flags.resume !== undefined ? await resumeInvocation(flags) : await newInvocation(flags);
  const { config, shard } = invocation;
  const subs = expandStudy(config).map((sub) => ({ ...sub, run: shard ? shardConfig(sub.config, shard) : sub.config }));
  const budgetEngine = invocation.engine === 'gpu' ? 'gpu' : 'cpu';
  // Everything that can be known before any work is checked now: shards, sizes, the output folder.
  for (const sub of subs) {
    const dims = dataDims(sub.run.data);
    if (dims) checkBudget(sub.run, dims, budgetEngine, limit, printable(sub.label));
    const unsupported = budgetEngine === 'gpu' ? gpuUnsupported(sub.run) : null;
    if (unsupported) throw new ConfigError(unsupported.field, unsupported.value, unsupported.allowed);
  }
  prepareOutputDir(outDir);
  // Checkpoints are verified before the engine starts: a damaged one is refused at once.
  const resuming = flags.resume !== undefined;
  const dirOf = (label: string) => (config.study ? path.join(outDir, safeName(label)) : outDir);
  const checkpoints = new Map<string, SweepCheckpoint>();
  // One per folder: it carries the generation count on from the checkpoint it loaded.
  const checkpointFiles = new Map(subs.map((sub) => [sub.label, new CheckpointFiles(dirOf(sub.label))]));
  for (const sub of subs) {
    const files = checkpointFiles.get(sub.label)!;
    if (resuming && files.exists()) checkpoints.set(sub.label, loadResume(files, sub.run));
  }
  // The data too (bounded reads), with the budget checked again on its real sizes, before the engine.
  const dataCache = new Map<string, Dataset>();
  for (const sub of subs) {
    const data = await loadCached(dataCache, sub.run);
    checkBudget(sub.run, { n: data.n, d: data.d, classes: data.classes }, budgetEngine, limit, printable(sub.label));
    const cp = checkpoints.get(sub.label);
    if (cp) checkResumeShape(cp, sub.run, data, dirOf(sub.label));
  }
  writeFileAtomic(path.join(outDir, 'run.json'), JSON.stringify(invocation));

  const handle = await createEngine(invocation.engine);
  const png = new PngOutput(flags['no-png'] !== true, handle.session);
  const parts: { label: string; results: Results }[] = [];
  try {
    process.stderr.write(`engine: ${handle.engine.info.name}${handle.browser ? ` (${handle.browser})` : ''}\n`);
    for (const sub of subs) {
      // After a signal, parts not yet started stay for --resume (the first one still records its cancel).
      if (stop.stopped && parts.length > 0) break;
      const subConfig = sub.run;
      const dir = dirOf(sub.label);
      if (subs.length > 1) process.stderr.write(`\n== ${printable(sub.label)} ==\n`);
      const files = checkpointFiles.get(sub.label)!;
      const finished = resuming ? await finishedResults(dir, subConfig, files) : null;
      if (finished) {
        process.stderr.write(`already done: ${printable(path.join(dir, 'results.json'))}\n`);
        parts.push({ label: sub.label, results: finished });
        continue;
      }
      // A fresh run starts from step 0 even where an older checkpoint lies; --resume continues it.
      if (!resuming) files.remove();
      const resume = checkpoints.get(sub.label);
      const data = await loadCached(dataCache, subConfig);
      const from = resume ? `, resuming at step ${resume.current.done} of batch ${resume.batch + 1}` : '';
      process.stderr.write(`data: ${printable(data.name)} (n = ${data.n}, d = ${data.d}); ${subConfig.etas.length} stepsizes, ${subConfig.steps} steps${from}\n`);
      prepareOutputDir(dir);
      const results = await runSweep(handle.engine, { config: subConfig, data }, {
        signal: stop.signal,
        onProgress: flags.quiet ? undefined : progressPrinter(),
        resume,
        checkpointEveryMs,
        onCheckpoint: (cp) => saveOrWarn(files, cp),
        onRecover: (reason, step) => process.stderr.write(`\n${reason}: got a new device, continuing from the checkpoint at step ${step}\n`),
        environment: {
          runtime: `Node ${process.versions.node}`,
          platform: `${process.platform}-${process.arch}`,
          cpu: os.cpus()[0]?.model,
          ...(handle.browser ? { browser: handle.browser } : {}),
        },
      });
      if (shard) results.shard = { index: shard.index, count: shard.count, etas: sub.config.etas };
      const written = writeResults(dir, results);
      const accel = config.study?.kind === 'accel' ? { study: config.study, fixedEtas: config.etas } : undefined;
      if (!stop.stopped) written.push(...(await png.write(results, dir, accel)));
      if (results.status === 'done') files.remove();
      parts.push({ label: sub.label, results });
      process.stdout.write(`${subs.length > 1 ? `\n${printable(sub.label)}\n` : ''}${summaryTable(results)}\n`);
      const note = results.status === 'cancelled' ? `cancelled at step ${results.stepsDone} (continue with: bigstep sweep --resume ${printable(outDir)}); partial ` : '';
      process.stderr.write(`${note}results written to ${printable(written.join(', '))} (${results.timings.wallSeconds.toFixed(1)} s, ${results.timings.stepsPerSecond.toFixed(0)} steps/s)\n`);
      if (results.status === 'cancelled') break;
    }
    // The ℓ2 study's η × λ phase diagram needs every sweep: drawn once they are all done.
    const allDone = parts.length === subs.length && parts.every((p) => p.results.status === 'done');
    if (config.study?.kind === 'l2' && !shard && allDone && !stop.stopped) {
      const files = await png.writePhase(config.name, parts, outDir);
      if (files.length > 0) process.stderr.write(`phase diagram written to ${printable(files.join(', '))}\n`);
    }
  } finally {
    await png.close();
    await handle.close();
  }
  const cancelled = stop.stopped || parts.length < subs.length || parts.some((p) => p.results.status === 'cancelled');
  if (config.study && !shard && !cancelled) {
    const table = studyTable(config.study, config.etas, parts);
    const file = path.join(outDir, 'study.json');
    writeFileAtomic(file, JSON.stringify({ format: 'bigstep.study/1', config, sweeps: parts.map((p) => p.label), table }));
    process.stdout.write(`\n${formatStudyTable(table)}\n`);
    process.stderr.write(`study table written to ${printable(file)}\n`);
  }
  return stop.exitCode ?? (cancelled ? 130 : 0);
}

type Flags = Record<string, string | boolean | undefined>;

/** The newest good checkpoint; newer damaged ones passed over are reported, one line each. */
function loadResume(files: CheckpointFiles, config: ExperimentConfig): SweepCheckpoint {
  const loaded = files.load(config);
  for (const why of loaded.skipped) process.stderr.write(`passed over a damaged checkpoint: ${printable(why)}; resuming from the previous one (generation ${loaded.generation})\n`);
  return loaded.checkpoint;
}

/** The checkpoint's weight vectors must have the model's size on this data (else the engine would refuse them mid-way). */
function checkResumeShape(cp: SweepCheckpoint, config: ExperimentConfig, data: Dataset, dir: string): void {
  const size = parameterCount(config.model, data.d, data.classes ?? 1);
  const bad = cp.current.engine.weights.findIndex((w) => w.length !== size);
  if (bad >= 0) {
    throw new DataError(path.join(dir, 'checkpoint.json'), `cannot resume: run ${bad} has ${cp.current.engine.weights[bad].length} weights, this model on this data has ${size} (the checkpoint or the data changed)`);
  }
}

/**
 * A checkpoint that cannot be written (a full disk) does not stop the sweep: the previous one stays
 * whole, and the results still in memory may yet be written; the failure is reported on one line.
 */
async function saveOrWarn(files: CheckpointFiles, cp: SweepCheckpoint): Promise<void> {
  try {
    await files.save(cp);
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    process.stderr.write(`\ncheckpoint not written (${printable(err.message)}); the previous checkpoint stays\n`);
  }
}

async function newInvocation(flags: Record<string, string | boolean | undefined>): Promise<{ invocation: Invocation; outDir: string }> {
  const config = await resolveConfig(flags);
  const invocation: Invocation = { format: 'bigstep.invocation/1', config, engine: parseEngineName(flags.engine as string | undefined) };
  if (flags.shard !== undefined) invocation.shard = parseShard(flags.shard as string);
  return { invocation, outDir: (flags.out as string | undefined) ?? defaultOutDir(config.name) };
}

/** --resume DIR: the invocation saved in DIR/run.json; only --engine may change (e.g. after a move). */
async function resumeInvocation(flags: Record<string, string | boolean | undefined>): Promise<{ invocation: Invocation; outDir: string }> {
  const dir = flags.resume as string;
  for (const f of ['preset', 'config', 'steps', 'quick', 'shard', 'out'] as const) {
    if (flags[f] !== undefined) throw new UsageError(`--resume takes the sweep as it was started; --${f} cannot be given with it`);
  }
  const file = path.join(dir, 'run.json');
  if (!existsSync(file)) throw new UsageError(`--resume: ${file} not found (is ${dir} the --out folder of a sweep?)`);
  const invocation = parseInvocation(readTextBounded(file, MAX_RUN_JSON_BYTES), file);
  if (flags.engine !== undefined) invocation.engine = parseEngineName(flags.engine as string);
  return { invocation, outDir: dir };
}

/** run.json, as `--resume` reads it: every field checked, so a hand-edited one fails with one line. */
export function parseInvocation(text: string, file: string): Invocation {
  try {
    const value = JSON.parse(text);
    checkJsonDepth(value, file);
    if (value?.format !== 'bigstep.invocation/1') throw new Error(`unknown format ${JSON.stringify(value?.format)}`);
    const invocation: Invocation = { format: value.format, config: parseConfig(value.config), engine: parseEngineName(value.engine) };
    if (value.shard !== undefined) {
      const s = value.shard;
      invocation.shard = parseShard(`${Number.isInteger(s?.index) ? s.index : 'x'}/${Number.isInteger(s?.count) ? s.count : 'x'}`);
    }
    return invocation;
  } catch (err) {
    throw new UsageError(`--resume: ${file} is damaged: ${(err as Error).message}`);
  }
}

const MAX_RUN_JSON_BYTES = 64 * MiB;
const MAX_RESULTS_BYTES = 512 * MiB;

/**
 * Where a sweep writes without --out: results/<name>, with the name made a single plain folder name,
 * so a config named "../x" or "/etc" cannot write (or delete checkpoints) outside results/.
 */
export function defaultOutDir(name: string): string {
  const folder = safeName(name).replace(/^\.+$/, '_');
  const dir = path.join('results', folder);
  if (path.dirname(dir) !== 'results') throw new UsageError(`config name "${printable(name)}" does not make a folder name; rename it or give --out`);
  return dir;
}

/** The results already in `dir` if they are complete and of this very sweep. */
async function finishedResults(dir: string, config: ExperimentConfig, files: CheckpointFiles): Promise<Results | null> {
  const file = path.join(dir, 'results.json');
  if (!existsSync(file) || files.exists()) return null;
  try {
    const r = validateResults(JSON.parse(readTextBounded(file, MAX_RESULTS_BYTES)));
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
    text = readTextBounded(file, MAX_CONFIG_BYTES);
  } catch (err) {
    throw new UsageError(`--config: cannot read "${file}": ${(err as Error).message.replace(`${file}: `, '')}`);
  }
  try {
    const value = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('the top level must be an object');
    return value;
  } catch (err) {
    throw new UsageError(`--config: "${file}" is not a valid config: ${(err as Error).message}`);
  }
}

/** No config needs more than a few kB; a larger file is not a config. */
const MAX_CONFIG_BYTES = 16 * MiB;

/** --steps N; for an acceleration study it caps the horizons T (the sweep runs to the largest). */
function applyStepsOverride(raw: Record<string, unknown>, steps: number): void {
  raw.steps = steps;
  const study = raw.study as { kind?: string; horizons?: unknown } | undefined;
  if (study?.kind === 'accel' && Array.isArray(study.horizons)) {
    const kept = study.horizons.filter((t) => typeof t === 'number' && t <= steps);
    study.horizons = kept.length > 0 ? kept : [steps];
  }
}
