// The edge-of-stability must-show of the eos-sharpness preset on the GPU engine (same assertions as
// tests/long/cpu-mlp-eos.test.ts on the CPU): for η = 0.07, 0.09 the sharpness rises to within 20% of
// 2/η and hovers there while the loss falls non-monotonically; for η = 0.02 it stays below 2/η and
// the loss is monotone. 800 steps with 32 sharpness measurements take about three minutes on the
// software adapter at best, over fifteen at load 6 (seconds on a real GPU), so it runs in
// `npm run test:long`; `npm test` ties the GPU MLP to the float64 engine step by step (tests/gpu/mlp.test.ts).

import { describe, expect, it } from 'vitest';
import { cliAsync, readResults, tmpDir } from '../cli-runner';
import { checkEdgeOfStability } from '../unit/mlp-eos-check';

describe('eos-sharpness on the GPU engine', () => {
  it('shows progressive sharpening to 2/η, the edge of stability for large η, and a stable run for small η', async () => {
    const out = tmpDir();
    const r = await cliAsync(['sweep', '--preset', 'eos-sharpness', '--engine', 'gpu', '--out', out, '--quiet', '--no-png']).done;
    expect(r.code, r.stderr).toBe(0);
    checkEdgeOfStability(readResults(out));
  }, 1_800_000);
});
