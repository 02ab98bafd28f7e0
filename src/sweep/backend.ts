// The one engine factory. A backend is where engines run (the fast CPU engine in this process, WebGPU
// on this page, WebGPU in headless Chrome driven from Node, any later one); it offers one engine
// constructor per model family it runs. An engine is one model family on one backend, so adding a
// model means one entry per backend, and adding a backend means one table.

import type { ExperimentConfig, ModelConfig } from '../core/config-types';
import type { Engine } from '../core/engine';

export type ModelFamily = ModelConfig['kind'];

export interface Backend {
  /** 'cpu', 'gpu', ... (for messages). */
  readonly name: string;
  /** A new engine for configs of one family (given the whole config, e.g. for its optimizer). */
  readonly engines: Partial<Record<ModelFamily, (config: ExperimentConfig) => Engine>>;
}

/** A new engine for `config` on `backend`: the constructor of the config's model family. */
export function engineFor(backend: Backend, config: ExperimentConfig): Engine {
  const make = backend.engines[config.model.kind];
  if (!make) throw new Error(`the ${backend.name} backend has no engine for the ${config.model.kind} model`);
  return make(config);
}
