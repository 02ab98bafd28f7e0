// Messages between the page and the CPU worker.

import type { ExperimentConfig } from '../../core/config-types';
import type { MnistUrls } from './browser-data-io';
import type { JobProgress, JobStage, Part } from './sweep-job';

export type ToWorker =
  | { type: 'start'; config: ExperimentConfig; files: Record<string, Uint8Array>; mnistUrls: MnistUrls; base: string }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'stage'; stage: JobStage }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'live'; index: number; part: Part; done: boolean }
  | { type: 'done'; parts: Part[] }
  | { type: 'error'; message: string };
