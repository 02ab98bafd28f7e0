// The fully connected network's shape, flat parameter layout and initial weights, shared by the
// float64 engine (src/cpu/mlp-*.ts) and the GPU engine (src/gpu/mlp-*.ts).
//
// Layers l = 1..L map a_{l−1} ∈ R^{dims[l−1]} to z_l = W_l a_{l−1} + b_l, a_l = σ(z_l) (the last layer
// has no activation: f = z_L). dims = [d, ...widths, out]; out = 1 for binary data (one logit, margin
// losses on z = y·f) or C for C-class data.
//
// Flattening order (the Float64Array of EngineState.weights): for l = 1..L in turn, W_l row-major
// (dims[l] rows of dims[l−1] entries: W_l[o][i] at wOff[l−1] + o·dims[l−1] + i), then b_l (dims[l]
// entries at bOff[l−1]) when the model has biases. This is PyTorch's state_dict order for an
// nn.Sequential of nn.Linear layers (weight, bias, weight, bias, …), so weights can be exchanged as is.

import type { Dataset } from './data/dataset';
import type { MlpModelConfig } from './config-types';
import { normal, Stream, uniform } from './rng';

export interface MlpLayout {
  /** [d, widths..., out]. */
  dims: number[];
  /** Number of layers L (= widths.length + 1). */
  layers: number;
  /** Offset of W_l (l = 1..L at index l−1). */
  wOff: number[];
  /** Offset of b_l, or −1 without biases. */
  bOff: number[];
  /** Total number of parameters. */
  size: number;
}

/** Outputs of the network for this data: 1 for binary data, C for C classes. */
export function mlpOutputs(data: Pick<Dataset, 'classes'>): number {
  return data.classes ?? 1;
}

export function mlpLayout(model: Pick<MlpModelConfig, 'widths' | 'bias'>, d: number, out: number): MlpLayout {
  const dims = [d, ...model.widths, out];
  const wOff: number[] = [];
  const bOff: number[] = [];
  let p = 0;
  for (let l = 1; l < dims.length; l++) {
    wOff.push(p);
    p += dims[l] * dims[l - 1];
    if (model.bias) {
      bOff.push(p);
      p += dims[l];
    } else bOff.push(-1);
  }
  return { dims, layers: dims.length - 1, wOff, bOff, size: p };
}

/**
 * w_0 for the MLP. 'pytorch': every weight and bias of layer l is U(−1/√fan_in, 1/√fan_in) with
 * fan_in = dims[l−1] (nn.Linear's reset_parameters: kaiming_uniform_(a=√5) gives bound
 * √(6/((1+5)·fan_in)) = 1/√fan_in). 'kaimingNormal': weights N(0, 2/fan_in), biases 0. Parameter j
 * of the flat vector uses the counter-based draw (initSeed, initWeights stream, j), so every engine
 * gets the same bits.
 */
export function mlpInitialWeights(model: MlpModelConfig, layout: MlpLayout): Float64Array {
  const w = new Float64Array(layout.size);
  for (let l = 1; l <= layout.layers; l++) {
    const fanIn = layout.dims[l - 1];
    const wCount = layout.dims[l] * fanIn;
    const w0 = layout.wOff[l - 1];
    const b0 = layout.bOff[l - 1];
    if (model.init === 'pytorch') {
      const bound = 1 / Math.sqrt(fanIn);
      const draw = (j: number) => (2 * uniform(model.initSeed, Stream.initWeights, j) - 1) * bound;
      for (let j = w0; j < w0 + wCount; j++) w[j] = draw(j);
      if (b0 >= 0) for (let j = b0; j < b0 + layout.dims[l]; j++) w[j] = draw(j);
    } else {
      const std = Math.sqrt(2 / fanIn);
      for (let j = w0; j < w0 + wCount; j++) w[j] = std * normal(model.initSeed, Stream.initWeights, j);
    }
  }
  return w;
}
