// The margin γ of a data set when it is known from the config alone (the toy set, the two-point set,
// synthetic data), for the linear model: the stable phase's η·t·L(w_t) tends to about 1/γ² for
// logistic loss there, which the charts draw as a guide. For MNIST, CSV or IDX data the margin is
// unknown, and for the NTK and MLP models the linear margin is not the one that counts.

import type { ExperimentConfig } from '../config-types';
import { TOY_MARGIN } from './toy';

export function knownMargin(config: Pick<ExperimentConfig, 'data' | 'model'>): number | null {
  if (config.model.kind !== 'linear') return null;
  switch (config.data.kind) {
    case 'toy':
      return TOY_MARGIN;
    case 'twoPoint':
      return config.data.gamma;
    case 'synthetic':
      return config.data.margin;
    default:
      return null;
  }
}
