// The WebGPU backend on this page: the linear and NTK engine (gpu-engine.ts) and the MLP engine
// (mlp-engine.ts), with the same device options (shared device, memory budget) for both.

import type { Backend } from '../sweep/backend';
import { GpuEngine, type GpuEngineOptions } from './gpu-engine';
import { MlpGpuEngine } from './mlp-engine';

export function gpuBackend(opts: GpuEngineOptions = {}): Backend {
  const linearOrNtk = () => new GpuEngine(opts);
  return { name: 'gpu', engines: { linear: linearOrNtk, ntk: linearOrNtk, mlp: () => new MlpGpuEngine(opts) } };
}
