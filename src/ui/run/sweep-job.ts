// One dashboard run: a config (maybe a study, which expands into several sweeps) taken through
// runSweep on one engine, with throttled live snapshots and overall progress. The same code runs on
// the page (GPU engine) and in the CPU worker.

import type { ExperimentConfig } from '../../core/config-types';
import type { Dataset } from '../../core/data/dataset';
import { loadDataset, type DataIO } from '../../core/data/load';
import type { Engine } from '../../core/engine';
import { RESULTS_FORMAT, type Results } from '../../core/results';
import { expandStudy } from '../../core/study';
import type { SweepControl } from '../../sweep/control';
import { runSweep, type Progress } from '../../sweep/run-sweep';
import { LiveRecorder } from './live-recorder';

export interface Part {
  label: string;
  results: Results;
}

export interface JobProgress extends Progress {
  part: number;
  parts: number;
  label: string;
  /** Fraction of the whole job (all parts). */
  overall: number;
}

/**
 * What a run is doing before its first steps are counted: the first run of a session spends tens of
 * seconds here (MNIST download and decode, shader compilation on a software adapter).
 */
export type JobStage = 'loading data' | 'compiling shaders' | 'starting the engine' | 'warming up';

export interface JobCallbacks {
  /** A new stage began; the next onProgress means steps are being counted. */
  onStage?(stage: JobStage): void;
  onProgress?(p: JobProgress): void;
  /** A partial (or, with done, the final) result of part `index`. */
  onLive?(index: number, part: Part, done: boolean): void;
}

export async function runJob(
  engine: Engine,
  config: ExperimentConfig,
  io: DataIO,
  control: SweepControl,
  environment: Results['environment'],
  cb: JobCallbacks,
  liveEveryMs = 400,
): Promise<Part[]> {
  const subs = expandStudy(config);
  const cache = new Map<string, Dataset>();
  const parts: Part[] = [];
  for (let i = 0; i < subs.length; i++) {
    const sub = subs[i];
    const key = JSON.stringify(sub.config.data);
    let data = cache.get(key);
    if (!data) {
      cb.onStage?.('loading data');
      cache.set(key, (data = await loadDataset(sub.config.data, io)));
    }
    const recorder = new LiveRecorder(engine, sub.config, cb.onStage);
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    let last = 0;
    const snapshot = (): Results => ({
      format: RESULTS_FORMAT,
      config: sub.config,
      engine: engine.info,
      environment,
      data: { name: data.name, n: data.n, d: data.d },
      timings: { startedAt, finishedAt: new Date().toISOString(), wallSeconds: (performance.now() - t0) / 1000, stepsPerSecond: 0 },
      status: 'cancelled',
      stepsDone: recorder.stepsDone,
      runs: recorder.runs(),
    });
    // A pause between progress reports (the last one's snapshot skipped) still draws every step counted.
    const offPause = control.onPause(() => cb.onLive?.(i, { label: sub.label, results: snapshot() }, false));
    const results = await runSweep(recorder, { config: sub.config, data }, {
      control,
      environment,
      onProgress: (p) => {
        cb.onProgress?.({ ...p, part: i, parts: subs.length, label: sub.label, overall: (i + p.fraction) / subs.length });
        const now = performance.now();
        // A pause brings the charts up to the step counter at once, instead of at the next tick.
        if (now - last >= liveEveryMs || control.isPaused) {
          last = now;
          cb.onLive?.(i, { label: sub.label, results: snapshot() }, false);
        }
      },
    }).finally(offPause);
    const part = { label: sub.label, results };
    parts.push(part);
    cb.onLive?.(i, part, true);
    if (results.status === 'cancelled') break;
  }
  return parts;
}
