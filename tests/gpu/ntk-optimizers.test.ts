// The NTK network's optimizers and ℓ2 term on the GPU (headless Chrome, software adapter) against the
// float64 reference, step by step: the adaptive stepsizes, heavy-ball and Nesterov (whose velocities
// follow the weights in each neuron block's buffer, shaders/weight_step.wgsl), and λ/2‖w − w0‖² (its
// sums in the forwards, its gradient in the backwards, λv in the sharpness's product).
//
// Problem: n = 70 samples (off the 64-sample tiles and the 32-sample sign-bit words), d = 19 features
// (off the 16-deep slices), m = 70 neurons (off the 64-neuron tiles), K = 2 or 3 runs; small, to stay
// quick on a software adapter. Some cases split the neurons into blocks (maxBindingBytes), so each
// block's velocities sit at their own offset. Tolerances: tests/gpu/optimizer-agreement.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../src/core/config-types';
import type { BrowserSession } from '../../src/node/browser';
import { both, config, gaussianData, launch, maxRel, pair } from './helpers';
import { agree, expectMomentumResume } from './optimizer-agreement';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

const data = gaussianData(70, 19, 9);
const ntk = (partial: Record<string, unknown>): ExperimentConfig => config({ model: { kind: 'ntk', width: 70, initSeed: 2 }, ...partial });
/** 3 runs × 19 features × 4 bytes × 2 (weights and velocities) = 456 bytes a neuron: blocks of 30, 30 and 10. */
const THREE_BLOCKS = { maxBindingBytes: 456 * 30 };

describe('momentum on the GPU, NTK network', () => {
  for (const kind of ['heavyBall', 'nesterov'] as const) {
    it(`${kind}: per-step losses match float64 on the 64×64 and the 128×128 tiles, in one block and in three`, async () => {
      const cfg = ntk({ optimizer: { kind, beta: 0.9 }, etas: [0.1, 1, 4] });
      await agree(session, `NTK ${kind} β = 0.9`, cfg, data);
      await agree(session, `NTK ${kind} β = 0.9, 128×128 tiles`, cfg, data, 1e-4, { ntkTile128: true });
      const e = await pair(session, cfg, data, THREE_BLOCKS);
      const plan = (await e.gpu.plan()) as { blocks: { size: number }[] };
      expect(plan.blocks.map((b) => b.size), 'the planner counts the velocities beside the weights').toEqual([30, 30, 10]);
      await e.gpu.dispose();
      await agree(session, `NTK ${kind} β = 0.9, 3 neuron blocks`, cfg, data, 1e-4, THREE_BLOCKS);
    });

    it(`${kind}: the velocities come back through readState from every block, and a resumed run continues the same iterates`, async () => {
      await expectMomentumResume(session, `NTK ${kind}, 3 neuron blocks`, ntk({ optimizer: { kind, beta: 0.8 }, etas: [0.2, 1, 3] }), data, THREE_BLOCKS);
    });
  }
});

describe('the ℓ2 term on the GPU, NTK network', () => {
  it('GD, SGD, the adaptive stepsizes and both momentum methods with λ/2‖w − w0‖²: per-step losses, gradient norms and distances match float64', async () => {
    const l2 = (lambda: number) => ({ kind: 'logistic', l2: lambda });
    await agree(session, 'NTK GD, ℓ2 λ = 0.05', ntk({ loss: l2(0.05), etas: [0.5, 4] }), data);
    // λ large enough that the penalty is most of the loss: w − w0 is what the term pulls on.
    await agree(session, 'NTK GD, ℓ2 λ = 1, exponential loss, 128×128 tiles', ntk({ loss: { kind: 'exponential', l2: 1 }, etas: [0.1, 0.5] }), data, 1e-4, { ntkTile128: true });
    await agree(session, 'NTK SGD, ℓ2 λ = 0.05', ntk({ loss: l2(0.05), etas: [0.05, 0.3], optimizer: { kind: 'sgd', orderSeed: 4 } }), data);
    await agree(session, 'NTK adaptive η/L, ℓ2 λ = 0.05', ntk({ loss: l2(0.05), etas: [0.1, 1], optimizer: { kind: 'adaptive', by: 'loss' } }), data);
    await agree(session, 'NTK adaptive η/‖∇L‖, ℓ2 λ = 0.05', ntk({ loss: l2(0.05), etas: [0.05, 0.5], optimizer: { kind: 'adaptive', by: 'gradNorm' } }), data);
    await agree(session, 'NTK heavyBall β = 0.5, ℓ2 λ = 0.1, 3 neuron blocks', ntk({ loss: l2(0.1), etas: [0.3, 1, 3], optimizer: { kind: 'heavyBall', beta: 0.5 } }), data, 1e-4, THREE_BLOCKS);
    await agree(session, 'NTK nesterov β = 0.5, ℓ2 λ = 0.1', ntk({ loss: l2(0.1), etas: [0.3, 1, 3], optimizer: { kind: 'nesterov', beta: 0.5 } }), data);
  });

  it("sharpness: with the ℓ2 term it is the data Hessian's plus λ, and Nesterov's is taken at w_t, not at the look-ahead point", async () => {
    // 20 power iterations from the same start vector on both engines: 1e-3 relative, as tests/gpu/ntk.test.ts.
    const cases: [string, ExperimentConfig][] = [
      ['ℓ2 λ = 0.3', ntk({ loss: { kind: 'logistic', l2: 0.3 }, etas: [0.5, 4] })],
      ['nesterov β = 0.9', ntk({ optimizer: { kind: 'nesterov', beta: 0.9 }, etas: [0.5, 4] })],
    ];
    for (const [what, base] of cases) {
      const cfg = { ...base, metrics: ['loss' as const, 'sharpness' as const], record: { ...base.record, sharpnessIterations: 20 } };
      const e = await pair(session, cfg, data);
      const recs = [{ offset: 0, metrics: ['sharpness' as const] }, { offset: 5, metrics: ['sharpness' as const] }];
      const [g, c] = await both(e, (en) => en.advance(5, recs));
      for (const r of [0, 1]) {
        const err = maxRel(g.records[r].values.sharpness!, c.records[r].values.sharpness!);
        console.log(`NTK sharpness, ${what}, offset ${recs[r].offset}: GPU ${Array.from(g.records[r].values.sharpness!, (v) => v.toPrecision(6))}, float64 ${Array.from(c.records[r].values.sharpness!, (v) => v.toPrecision(6))}, max relative error ${err.toExponential(2)}`);
        expect(err, `${what} at offset ${recs[r].offset}`).toBeLessThan(1e-3);
      }
      if (what.startsWith('ℓ2')) expect(c.records[0].values.sharpness![0]).toBeGreaterThan(0.3);
      await e.gpu.dispose();
    }
  });
});

describe('adaptive stepsizes on the GPU, NTK network', () => {
  it('η/L and η/‖∇L‖ on the 64×64 and the 128×128 tiles: per-step losses match float64', async () => {
    for (const by of ['loss', 'gradNorm'] as const) {
      const cfg = ntk({ optimizer: { kind: 'adaptive', by }, etas: [0.2, 2] });
      await agree(session, `NTK adaptive by ${by}`, cfg, data);
      await agree(session, `NTK adaptive by ${by}, 128×128 tiles`, cfg, data, 1e-4, { ntkTile128: true });
    }
  });
});
