// The CPU backends. `cpuBackend`: the fast float64 engine (WebAssembly SIMD on every core) for full-
// batch GD of the linear model and the NTK network, the float64 reference for what the fast engine
// does not run (online SGD, adaptive and momentum methods, the ℓ2 term, distToOpt: fastSupports) and
// the MLP engine for the MLP. `referenceBackend`: the plain-loop
// reference engines every other engine is tested against.

import type { ExperimentConfig } from '../core/config-types';
import type { Backend } from '../sweep/backend';
import { fastSupports, FastCpuEngine, type FastEngineOptions } from './fast/fast-engine';
import type { Platform } from './fast/threads';
import { MlpCpuEngine } from './mlp-engine';
import { CpuEngine } from './reference-engine';

export function cpuBackend(platform: Platform, opts: FastEngineOptions = {}): Backend {
  const fastOrReference = (config: ExperimentConfig) => (fastSupports(config) ? new FastCpuEngine(platform, opts) : new CpuEngine());
  return { name: 'cpu', engines: { linear: fastOrReference, ntk: fastOrReference, mlp: () => new MlpCpuEngine() } };
}

export const referenceBackend: Backend = {
  name: 'float64 reference',
  engines: { linear: () => new CpuEngine(), ntk: () => new CpuEngine(), mlp: () => new MlpCpuEngine() },
};
