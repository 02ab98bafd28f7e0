// One dashboard run: a config (maybe a study, which expands into several sweeps) run on a backend by
// runExperiment, with throttled live snapshots and overall progress. The same code runs on the page
// (GPU backend) and in the CPU worker (CPU backend).

import type { ExperimentConfig } from '../../core/config-types';
import type { DataIO } from '../../core/data/load';
import type { Results } from '../../core/results';
import type { Backend } from '../../sweep/backend';
import type { SweepControl } from '../../sweep/control';
import type { Stage } from '../../sweep/run-batch';
import { DataCache, runExperiment, type ExperimentProgress, type Part } from '../../sweep/run-experiment';

export type { Part };
export type JobProgress = ExperimentProgress;
export type JobStage = Stage;

export interface JobCallbacks {
  /** A new stage began; the next onProgress means steps are being counted. */
  onStage?(stage: JobStage): void;
  onProgress?(p: JobProgress): void;
  /** A partial (or, with done, the final) result of part `index`. */
  onLive?(index: number, part: Part, done: boolean): void;
}

export function runJob(
  backend: Backend,
  config: ExperimentConfig,
  io: DataIO,
  control: SweepControl,
  environment: Results['environment'],
  cb: JobCallbacks,
  liveEveryMs = 400,
): Promise<Part[]> {
  return runExperiment(config, {
    backend,
    data: new DataCache(io),
    control,
    environment,
    partialEveryMs: liveEveryMs,
    onStage: cb.onStage && ((stage) => cb.onStage!(stage)),
    onProgress: cb.onProgress,
    onPartial: cb.onLive,
  });
}
