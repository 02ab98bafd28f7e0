// Starts a run on the best backend available: WebGPU on the page, or the float64 CPU engines in a
// Web Worker when WebGPU is missing. Either way the caller gets the same handle.

import type { ExperimentConfig } from '../../core/config-types';
import type { EngineInfo } from '../../core/engine';
import { gpuBackend } from '../../gpu/backend';
import { SweepControl } from '../../sweep/control';
import { browserDataIO, MNIST_URLS } from './browser-data-io';
import { gpuContext, gpuMemoryBudget, gpuUnavailableReason } from './gpu-context';
import { runJob, type JobCallbacks, type Part } from './sweep-job';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface RunHandle {
  engine: 'gpu' | 'cpu';
  /** Why the CPU fallback is in use (shown as a notice), or null. */
  fallbackReason: string | null;
  pause(): void;
  resume(): void;
  stop(): void;
  done: Promise<Part[]>;
  /** Filled once the engine is initialised (adapter, limits). */
  info(): EngineInfo | null;
}

export async function startRun(config: ExperimentConfig, files: ReadonlyMap<string, Uint8Array>, cb: JobCallbacks, forceCpu = false): Promise<RunHandle> {
  const reason = forceCpu ? 'CPU engine chosen' : await gpuUnavailableReason();
  return reason === null ? startGpu(config, files, cb) : startWorker(config, files, cb, reason);
}

function startGpu(config: ExperimentConfig, files: ReadonlyMap<string, Uint8Array>, cb: JobCallbacks): RunHandle {
  const control = new SweepControl();
  let info: EngineInfo | null = null;
  const env = { runtime: 'browser', platform: navigator.platform, browser: navigator.userAgent };
  const backend = gpuBackend({ getContext: gpuContext, budgetBytes: gpuMemoryBudget() });
  const done = runJob(backend, config, browserDataIO(files), control, env, {
    ...cb,
    onLive: (index, part, partDone) => {
      info = part.results.engine;
      cb.onLive?.(index, part, partDone);
    },
  });
  return {
    engine: 'gpu',
    fallbackReason: null,
    pause: () => control.pause(),
    resume: () => control.resume(),
    stop: () => control.cancel(),
    done,
    info: () => info,
  };
}

function startWorker(config: ExperimentConfig, files: ReadonlyMap<string, Uint8Array>, cb: JobCallbacks, reason: string): RunHandle {
  const worker = new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module' });
  const send = (m: ToWorker) => worker.postMessage(m);
  let info: EngineInfo | null = null;
  const done = new Promise<Part[]>((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === 'stage') cb.onStage?.(m.stage);
      else if (m.type === 'progress') cb.onProgress?.(m.progress);
      else if (m.type === 'live') {
        info = m.part.results.engine;
        cb.onLive?.(m.index, m.part, m.done);
      } else if (m.type === 'done') resolve(m.parts);
      else reject(new Error(m.message));
    };
    worker.onerror = (e) => reject(new Error(e.message || 'the CPU worker failed'));
  }).finally(() => worker.terminate());
  send({ type: 'start', config, files: Object.fromEntries(files), mnistUrls: MNIST_URLS, base: location.href });
  return {
    engine: 'cpu',
    fallbackReason: reason,
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    stop: () => send({ type: 'stop' }),
    done,
    info: () => info,
  };
}
