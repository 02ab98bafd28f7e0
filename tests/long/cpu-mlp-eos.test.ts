// The edge-of-stability must-show of the eos-sharpness preset (784–32–32–10 tanh network, MSE,
// 100 MNIST samples of all ten digits, η = 0.02, 0.07, 0.09, 800 steps) on the float64 engine,
// through the CLI: for the two largest η the sharpness rises to within 20% of 2/η and hovers there
// while the loss keeps falling (non-monotonically); for the small η the sharpness stays below 2/η
// and the loss decreases at every step. tests/long/gpu-mlp-eos.test.ts checks the same on the GPU.
// About two minutes on two cores: `npm run test:long`.

import { describe, expect, it } from 'vitest';
import { cli, readResults, tmpDir } from '../cli-runner';
import { checkEdgeOfStability } from '../unit/mlp-eos-check';

describe('eos-sharpness on the CPU engine', () => {
  it('shows progressive sharpening to 2/η, the edge of stability for large η, and a stable run for small η', () => {
    const out = tmpDir();
    const r = cli(['sweep', '--preset', 'eos-sharpness', '--out', out, '--quiet', '--no-png'], 400_000);
    expect(r.code, r.stderr).toBe(0);
    checkEdgeOfStability(readResults(out));
  }, 420_000);
});
