// The one way in: an experiment config (maybe a study of several sweeps) run on a backend. It expands
// the study, loads each sweep's data once, picks each sweep's engine through the backend's factory
// (engineFor), runs it with runSweep (η batches that fit the engine's memory, checkpoints, pause and
// cancel) and streams progress and partial results. The CLI and the dashboard both call it; what
// they do with the results (files, charts) happens in their hooks.

import type { ExperimentConfig } from '../core/config-types';
import type { Dataset } from '../core/data/dataset';
import { loadDataset, type DataIO } from '../core/data/load';
import type { EngineInfo } from '../core/engine';
import type { Results } from '../core/results';
import { expandStudy } from '../core/study';
import { engineFor, type Backend } from './backend';
import type { SweepCheckpoint } from './checkpoint';
import { SweepControl } from './control';
import type { Stage } from './run-batch';
import { runSweep, type Progress, type SweepOptions } from './run-sweep';

export interface Part {
  label: string;
  results: Results;
}

/** One sweep of the experiment: a study's part (the whole config when there is no study). */
export interface ExperimentPart {
  index: number;
  label: string;
  /** The part's sweep as the study gives it. */
  whole: ExperimentConfig;
  /** What runs: `whole`, or the slice of its η list that `ExperimentOptions.slice` keeps. */
  config: ExperimentConfig;
}

export interface ExperimentProgress extends Progress {
  part: number;
  parts: number;
  label: string;
  /** Fraction of the whole experiment (all parts). */
  overall: number;
}

/** How one part runs, from the caller's hook: skipped (already finished), resumed, checkpointed. */
export interface PartSetup {
  finished?: Results | null;
  resume?: SweepCheckpoint;
  onCheckpoint?: (cp: SweepCheckpoint) => Promise<void>;
}

export interface ExperimentOptions extends Pick<SweepOptions, 'environment' | 'chunkSteps' | 'maxEtasPerBatch' | 'checkpointEveryMs' | 'onRecover' | 'partialEveryMs'> {
  backend: Backend;
  data: DataCache;
  /** Stops after the current chunk; the part is then marked cancelled and no later part starts. */
  signal?: AbortSignal;
  control?: SweepControl;
  /** Each part's η list cut down (the CLI's --shard). */
  slice?: (config: ExperimentConfig) => ExperimentConfig;
  beforePart?(part: ExperimentPart, data: Dataset): Promise<PartSetup> | PartSetup;
  afterPart?(part: ExperimentPart, results: Results): Promise<void> | void;
  /** A new stage began (with the engine's info; complete from 'warming up' on); the next onProgress means steps are being counted. */
  onStage?(stage: Stage, engine?: EngineInfo): void;
  onProgress?(p: ExperimentProgress): void;
  /** A partial (or, with done, the final) result of part `index`. */
  onPartial?(index: number, part: Part, done: boolean): void;
}

/** The parts an experiment runs, in order. */
export function experimentParts(config: ExperimentConfig, slice?: (config: ExperimentConfig) => ExperimentConfig): ExperimentPart[] {
  return expandStudy(config).map((sub, index) => ({ index, label: sub.label, whole: sub.config, config: slice ? slice(sub.config) : sub.config }));
}

/** Datasets by data config, each loaded once (a study's parts share theirs). */
export class DataCache {
  private readonly cache = new Map<string, Promise<Dataset>>();

  constructor(private readonly io: DataIO) {}

  has(config: ExperimentConfig): boolean {
    return this.cache.has(JSON.stringify(config.data));
  }

  get(config: ExperimentConfig): Promise<Dataset> {
    const key = JSON.stringify(config.data);
    let data = this.cache.get(key);
    if (!data) {
      data = loadDataset(config.data, this.io);
      data.catch(() => this.cache.delete(key));
      this.cache.set(key, data);
    }
    return data;
  }
}

export async function runExperiment(config: ExperimentConfig, opts: ExperimentOptions): Promise<Part[]> {
  const control = opts.control ?? new SweepControl(opts.signal);
  if (opts.control && opts.signal) opts.signal.addEventListener('abort', () => control.cancel(), { once: true });
  const all = experimentParts(config, opts.slice);
  const parts: Part[] = [];
  for (const part of all) {
    // After a cancel, parts not yet started stay unrun (for --resume); the first one still records it.
    if (control.isCancelled && parts.length > 0) break;
    if (!opts.data.has(part.config)) opts.onStage?.('loading data');
    const data = await opts.data.get(part.config);
    const setup = (await opts.beforePart?.(part, data)) ?? {};
    if (setup.finished) {
      parts.push({ label: part.label, results: setup.finished });
      continue;
    }
    const results = await runPart(part, data, setup, all.length, control, opts);
    await opts.afterPart?.(part, results);
    const done = { label: part.label, results };
    parts.push(done);
    opts.onPartial?.(part.index, done, true);
    if (results.status === 'cancelled') break;
  }
  return parts;
}

async function runPart(part: ExperimentPart, data: Dataset, setup: PartSetup, count: number, control: SweepControl, opts: ExperimentOptions): Promise<Results> {
  const engine = engineFor(opts.backend, part.config);
  try {
    return await runSweep(engine, { config: part.config, data }, {
      control,
      environment: opts.environment,
      chunkSteps: opts.chunkSteps,
      maxEtasPerBatch: opts.maxEtasPerBatch,
      resume: setup.resume,
      checkpointEveryMs: opts.checkpointEveryMs,
      onCheckpoint: setup.onCheckpoint,
      onRecover: opts.onRecover,
      onStage: opts.onStage,
      onProgress: opts.onProgress && ((p) => opts.onProgress!({ ...p, part: part.index, parts: count, label: part.label, overall: (part.index + p.fraction) / count })),
      partialEveryMs: opts.partialEveryMs,
      onPartial: opts.onPartial && ((results) => opts.onPartial!(part.index, { label: part.label, results }, false)),
    });
  } finally {
    await engine.dispose();
  }
}
