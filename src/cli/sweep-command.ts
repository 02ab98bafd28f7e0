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
import { presetNames, presetRaw } from '../core/presets';
import type { Results } from '../core/results';
import { studyTable, type StudyTable } from '../core/study';
import { prepareOutputDir, writeFileAtomic } from '../node/atomic-write';
import { MiB, readTextBounded } from '../node/bounded-read';
import { nodeDataIO } from '../node/data-io';
import type { SweepCheckpoint } from '../sweep/checkpoint';
import { DataCache, experimentParts, runExperiment, type ExperimentPart, type Part } from '../sweep/run-experiment';
import { intFlag, parseFlags, secondsFlag, UsageError } from './args';
import { checkBudget, defaultMemoryLimit, parseMemoryFlag, type MemoryLimit } from './budget-check';
import { openBackend, parseEngineName, parseGpuMemoryFlag, type EngineName } from './backend-flags';
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
  --max-gpu-memory SIZE  GPU memory the gpu engine may use (default 16 GiB); more η than fit run in batches
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
  'max-gpu-memory': { type: 'string' },
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
  const gpuMemory = flags['max-gpu-memory'] !== undefined ? parseGpuMemoryFlag(flags['max-gpu-memory'] as string) : undefined;
  const { invocation, outDir } = flags.resume !== undefined ? await resumeInvocation(flags) : await newInvocation(flags);
  if (gpuMemory !== undefined && invocation.engine !== 'gpu') throw new UsageError('--max-gpu-memory applies to --engine gpu only');
  const { config, shard } = invocation;
  const resuming = flags.resume !== undefined;
  const dirOf = (label: string) => (config.study ? path.join(outDir, safeName(label)) : outDir);
  const parts = experimentParts(config, shard ? (c) => shardConfig(c, shard) : undefined);
  const data = new DataCache(nodeDataIO);
  const checkpoints = await checkBeforeRun(parts, invocation.engine, limit, data, resuming, dirOf, outDir);
  writeFileAtomic(path.join(outDir, 'run.json'), JSON.stringify(invocation));

  const handle = await openBackend(invocation.engine, gpuMemory);
  const png = new PngOutput(flags['no-png'] !== true, handle.session);
  let done: Part[] = [];
  let engineShown = false;
  try {
    done = await runExperiment(config, {
      backend: handle.backend,
      data,
      signal: stop.signal,
      slice: shard ? (c) => shardConfig(c, shard) : undefined,
      checkpointEveryMs,
      environment: {
        runtime: `Node ${process.versions.node}`,
        platform: `${process.platform}-${process.arch}`,
        cpu: os.cpus()[0]?.model,
        ...(handle.browser ? { browser: handle.browser } : {}),
      },
      onStage: (stage, info) => {
        if (stage === 'warming up' && info && !engineShown) process.stderr.write(`engine: ${info.name}${handle.browser ? ` (${handle.browser})` : ''}\n`);
        engineShown ||= stage === 'warming up';
      },
      onProgress: flags.quiet ? undefined : progressPrinter(),
      onRecover: (reason, step) => process.stderr.write(`\n${reason}: got a new device, continuing from the checkpoint at step ${step}\n`),
      beforePart: async (part, d) => {
        const dir = dirOf(part.label);
        if (parts.length > 1) process.stderr.write(`\n== ${printable(part.label)} ==\n`);
        const files = checkpoints.files.get(part.label)!;
        const finished = resuming ? await finishedResults(dir, part.config, files) : null;
        if (finished) {
          process.stderr.write(`already done: ${printable(path.join(dir, 'results.json'))}\n`);
          return { finished };
        }
        // A fresh run starts from step 0 even where an older checkpoint lies; --resume continues it.
        if (!resuming) files.remove();
        const resume = checkpoints.loaded.get(part.label);
        const from = resume ? `, resuming at step ${resume.current.done} of batch ${resume.batch + 1}` : '';
        process.stderr.write(`data: ${printable(d.name)} (n = ${d.n}, d = ${d.d}); ${part.config.etas.length} stepsizes, ${part.config.steps} steps${from}\n`);
        prepareOutputDir(dir);
        return { resume, onCheckpoint: (cp) => saveOrWarn(files, cp) };
      },
      afterPart: async (part, results) => {
        if (!engineShown) process.stderr.write(`engine: ${results.engine.name}${handle.browser ? ` (${handle.browser})` : ''}\n`);
        engineShown = true;
        await writePart(part, results, { dir: dirOf(part.label), outDir, shard, config, png, stopped: stop.stopped, files: checkpoints.files.get(part.label)!, many: parts.length > 1 });
      },
    });
    // The ℓ2 study's η × λ phase diagram needs every sweep: drawn once they are all done.
    const allDone = done.length === parts.length && done.every((p) => p.results.status === 'done');
    if (config.study?.kind === 'l2' && !shard && allDone && !stop.stopped) {
      const files = await png.writePhase(config.name, done, outDir);
      if (files.length > 0) process.stderr.write(`phase diagram written to ${printable(files.join(', '))}\n`);
    }
  } finally {
    await png.close();
    await handle.close();
  }
  const cancelled = stop.stopped || done.length < parts.length || done.some((p) => p.results.status === 'cancelled');
  if (config.study && !shard && !cancelled) {
    const table = studyTable(config.study, config.etas, done);
    const file = path.join(outDir, 'study.json');
    writeFileAtomic(file, JSON.stringify({ format: 'bigstep.study/1', config, sweeps: done.map((p) => p.label), table }));
    process.stdout.write(`\n${formatStudyTable(table)}\n`);
    process.stderr.write(`study table written to ${printable(file)}\n`);
  }
  return stop.exitCode ?? (cancelled ? 130 : 0);
}

/**
 * Everything that can be known before any work, checked now: shards, sizes, the output folder, the
 * checkpoints (a damaged one is refused at once), the data (bounded reads) with the budget checked
 * again on its real sizes. Returns each part's checkpoint files and the checkpoints to resume from.
 */
async function checkBeforeRun(
  parts: ExperimentPart[],
  engine: EngineName,
  limit: MemoryLimit,
  data: DataCache,
  resuming: boolean,
  dirOf: (label: string) => string,
  outDir: string,
): Promise<{ files: Map<string, CheckpointFiles>; loaded: Map<string, SweepCheckpoint> }> {
  for (const part of parts) {
    const dims = dataDims(part.config.data);
    if (dims) checkBudget(part.config, dims, engine, limit, printable(part.label));
  }
  prepareOutputDir(outDir);
  // One per folder: it carries the generation count on from the checkpoint it loaded.
  const files = new Map(parts.map((part) => [part.label, new CheckpointFiles(dirOf(part.label))]));
  const loaded = new Map<string, SweepCheckpoint>();
  for (const part of parts) {
    const f = files.get(part.label)!;
    if (resuming && f.exists()) loaded.set(part.label, loadResume(f, part.config));
  }
  for (const part of parts) {
    const d = await data.get(part.config);
    checkBudget(part.config, { n: d.n, d: d.d, classes: d.classes }, engine, limit, printable(part.label));
    const cp = loaded.get(part.label);
    if (cp) checkResumeShape(cp, part.config, d, dirOf(part.label));
  }
  return { files, loaded };
}

interface PartOutput {
  dir: string;
  outDir: string;
  shard?: Shard;
  config: ExperimentConfig;
  png: PngOutput;
  stopped: boolean;
  files: CheckpointFiles;
  many: boolean;
}

/** A finished (or cancelled) part's results.json, results.csv and PNGs, and its summary table. */
async function writePart(part: ExperimentPart, results: Results, o: PartOutput): Promise<void> {
  if (o.shard) results.shard = { index: o.shard.index, count: o.shard.count, etas: part.whole.etas };
  const written = writeResults(o.dir, results);
  const accel = o.config.study?.kind === 'accel' ? { study: o.config.study, fixedEtas: o.config.etas } : undefined;
  if (!o.stopped) written.push(...(await o.png.write(results, o.dir, accel)));
  if (results.status === 'done') o.files.remove();
  process.stdout.write(`${o.many ? `\n${printable(part.label)}\n` : ''}${summaryTable(results)}\n`);
  const note = results.status === 'cancelled' ? `cancelled at step ${results.stepsDone} (continue with: bigstep sweep --resume ${printable(o.outDir)}); partial ` : '';
  process.stderr.write(`${note}results written to ${printable(written.join(', '))} (${results.timings.wallSeconds.toFixed(1)} s, ${results.timings.stepsPerSecond.toFixed(0)} steps/s)\n`);
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
