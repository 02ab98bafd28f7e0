// The initial weights w_0 and the NTK output signs a_s, drawn from the counter-based generator so
// that every engine (and the GPU, if it draws them itself) gets the same values for the same seed.

import type { ModelConfig } from './config-types';
import { mlpInitialWeights, mlpLayout } from './mlp';
import { normal, sign, Stream } from './rng';

/**
 * Number of trained parameters: d for the linear model, m·d for the NTK network, the layer sizes
 * of the MLP (with `outputs` = 1 for binary data, C for C classes; see core/mlp.ts).
 */
export function parameterCount(model: ModelConfig, d: number, outputs = 1): number {
  if (model.kind === 'mlp') return mlpLayout(model, d, outputs).size;
  return model.kind === 'linear' ? d : model.width * d;
}

/**
 * w_0, flat: w for the linear model; W row-major (neuron s at [s*d, s*d+d)) for the NTK network;
 * layer by layer (W_l row-major, then b_l) for the MLP (core/mlp.ts).
 */
export function initialWeights(model: ModelConfig, d: number, outputs = 1): Float64Array {
  if (model.kind === 'mlp') return mlpInitialWeights(model, mlpLayout(model, d, outputs));
  const p = parameterCount(model, d);
  const w = new Float64Array(p);
  if (model.kind === 'linear') {
    if (model.init === 'normal') for (let j = 0; j < p; j++) w[j] = model.initScale * normal(model.initSeed, Stream.initWeights, j);
    return w;
  }
  for (let j = 0; j < p; j++) w[j] = normal(model.initSeed, Stream.initWeights, j);
  return w;
}

/** The fixed output signs a_s ∈ {±1} of the NTK network (empty for the linear model). */
export function outputSigns(model: ModelConfig): Float64Array {
  if (model.kind !== 'ntk') return new Float64Array(0);
  const a = new Float64Array(model.width);
  for (let s = 0; s < model.width; s++) a[s] = sign(model.initSeed, Stream.outputSigns, s);
  return a;
}
