// The linear model's ℓ2 term and the adaptive and momentum optimizers on the GPU (headless Chrome,
// software adapter) against the float64 reference, step by step.
//
// Problems: n = 130 samples and d = 67 features (off the 64-feature workgroups and the 256-sample
// tiles, two feature chunks and several sample chunks), K = 3 stepsizes (not a multiple of the
// kernels' 4 runs per thread). Tolerances: tests/gpu/optimizer-agreement.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdvanceResult, RecordRequest } from '../../src/core/engine';
import type { Dataset } from '../../src/core/data/dataset';
import type { BrowserSession } from '../../src/node/browser';
import { configOptimum } from '../../src/cpu/optimum';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import { both, config, gaussianData, launch, maxRel, pair } from './helpers';
import { agree, expectMomentumResume } from './optimizer-agreement';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

const data = gaussianData(130, 67, 7);
describe('the ℓ2 term on the GPU', () => {
  it('GD and SGD with λ/2‖w − w0‖²: loss, gradient and iterates match float64 per step', async () => {
    const l2 = { kind: 'logistic', l2: 0.05 };
    await agree(session, 'GD, ℓ2 λ = 0.05', config({ loss: l2, etas: [0.5, 2, 8], model: { kind: 'linear', init: 'normal', initScale: 0.5, initSeed: 3 } }), data);
    await agree(session, 'SGD, ℓ2 λ = 0.05', config({ loss: l2, etas: [0.05, 0.2, 0.5], optimizer: { kind: 'sgd', orderSeed: 4 } }), data);
    // λ large enough that the penalty is most of the loss: w − w0 is what the term pulls on.
    await agree(session, 'GD, ℓ2 λ = 1, exponential loss', config({ loss: { kind: 'exponential', l2: 1 }, etas: [0.1, 0.5, 1], model: { kind: 'linear', init: 'normal', initScale: 0.2, initSeed: 5 } }), data);
  });

  it('sharpness with the ℓ2 term is the data Hessian\'s plus λ', async () => {
    const cfg = config({ loss: { kind: 'logistic', l2: 0.3 }, etas: [0.5, 4], metrics: ['loss', 'sharpness'], record: { sharpnessIterations: 30 } });
    const e = await pair(session, cfg, data);
    const recs = [{ offset: 0, metrics: ['sharpness' as const] }, { offset: 5, metrics: ['sharpness' as const] }];
    const [g, c] = await both(e, (en) => en.advance(5, recs));
    for (const r of [0, 1]) expect(maxRel(g.records[r].values.sharpness!, c.records[r].values.sharpness!), `offset ${recs[r].offset}`).toBeLessThan(1e-4);
    expect(c.records[0].values.sharpness![0]).toBeGreaterThan(0.3);
    await e.gpu.dispose();
  });
});

describe('momentum on the GPU', () => {
  for (const kind of ['heavyBall', 'nesterov'] as const) {
    it(`${kind}: per-step losses match float64, alone and with the ℓ2 term`, async () => {
      await agree(session, `${kind} β = 0.9`, config({ optimizer: { kind, beta: 0.9 }, etas: [0.1, 0.5, 2] }), data);
      await agree(session, `${kind} β = 0.5, ℓ2 λ = 0.1`, config({ optimizer: { kind, beta: 0.5 }, loss: { kind: 'logistic', l2: 0.1 }, etas: [0.3, 1, 3] }), data);
    });

    it(`${kind}: the velocities come back through readState, and a resumed run continues the same iterates`, async () => {
      await expectMomentumResume(session, `${kind}`, config({ optimizer: { kind, beta: 0.8 }, etas: [0.2, 1, 3] }), data);
    });
  }
});

describe('adaptive stepsizes on the GPU', () => {
  it('η/L(w_t) and η/‖∇L(w_t)‖: per-step losses match float64', async () => {
    await agree(session, 'adaptive η/L', config({ optimizer: { kind: 'adaptive', by: 'loss' }, etas: [0.1, 0.5, 2] }), data);
    await agree(session, 'adaptive η/‖∇L‖', config({ optimizer: { kind: 'adaptive', by: 'gradNorm' }, etas: [0.05, 0.2, 1] }), data);
    await agree(session, 'adaptive η/L, ℓ2 λ = 0.05', config({ optimizer: { kind: 'adaptive', by: 'loss' }, loss: { kind: 'logistic', l2: 0.05 }, etas: [0.1, 0.5, 2] }), data);
  });
});

describe('adaptive stepsizes below fp32\'s range', () => {
  for (const by of ['loss', 'gradNorm'] as const) it(`${by}: a separable set goes on past L = 1e-38 (the coefficients are c_i/L), step by step with float64`, async () => {
    // Where ℓ'(z) underflows in fp32 (margins past 87, L ≈ 1e-38), unscaled coefficients would make
    // ∇L = 0 and stop the run there. Here every margin grows by about η·x_i·x_min a step, steadily (the
    // toy set's η/L runs oscillate, so fp32 and float64 part ways there long before 1e-38).
    const x = Float64Array.from([1, 0.2, -0.1, 0.8, 0.5, 0.3, 1.2, -0.4, 0.6, 0.9, 0.1, 0.2]);
    const sep: Dataset = { name: 'separable n=4 d=3', n: 4, d: 3, x, y: Float64Array.from([1, 1, 1, 1]) };
    const steps = 40;
    const cfg = config({ optimizer: { kind: 'adaptive', by }, etas: [4, 8], steps });
    const e = await pair(session, cfg, sep);
    // ‖∇L‖ (L times the ∇L/L the kernels sum) where an fp32 metric word still holds it.
    const recs: RecordRequest[] = [{ offset: 3, metrics: ['gradNorm'] }, { offset: steps, metrics: ['loss'] }];
    const [g, c] = await both(e, (en) => en.advance(steps, recs));
    const gradErr = maxRel(g.records[0].values.gradNorm!, c.records[0].values.gradNorm!);
    // Per step: L within 1e-4 relative while L ≥ 1e-20; below, ln L within 1e-5 relative. A loss of
    // e^{−z} has relative error Δz, which grows with z for fp32 weights (u·z per rounding): at
    // L = 1e-119 (z ≈ 274) a relative 1e-4 of L would ask for z to 4e-7 relative, beyond fp32.
    let err = 0;
    let logErr = 0;
    c.stepLoss.forEach((ref, i) => {
      if (ref >= 1e-20) err = Math.max(err, Math.abs(g.stepLoss[i] - ref) / ref);
      else logErr = Math.max(logErr, Math.abs(Math.log(g.stepLoss[i]) - Math.log(ref)) / Math.abs(Math.log(ref)));
    });
    const last = (r: AdvanceResult): number[] => Array.from(r.records[1].values.loss!);
    console.log(`adaptive by ${by}, separable set, ${steps} steps: final losses GPU ${last(g).map((v) => v.toExponential(3))}, float64 ${last(c).map((v) => v.toExponential(3))}; max relative error of the per-step losses ≥ 1e-20 ${err.toExponential(2)}, of ln L below ${logErr.toExponential(2)}, of ‖∇L‖ at step 3 ${gradErr.toExponential(2)}`);
    for (const v of last(c)) expect(v).toBeLessThan(1e-50);
    expect(err).toBeLessThan(1e-4);
    expect(logErr).toBeLessThan(1e-5);
    expect(gradErr).toBeLessThan(1e-4);
    await e.gpu.dispose();
  });
});

describe('distance to the optimum on the GPU', () => {
  it('‖w_t − w*‖ (w* by Newton in float64, held in fp32) follows float64 per record, down to fp32\'s resolution of w*', async () => {
    // λ = 0.3 on n = 130, d = 67: well conditioned, so 300 steps at η = 2 reach float64's rounding of w* (measured 1.5e-16).
    const steps = 300;
    const cfg = config({ loss: { kind: 'logistic', l2: 0.3 }, etas: [0.5, 2], steps, metrics: ['loss', 'distToOpt'] });
    const e = await pair(session, cfg, data);
    const offsets = [0, 5, 30, 100, steps];
    const recs: RecordRequest[] = offsets.map((offset) => ({ offset, metrics: ['distToOpt'] }));
    const [g, c] = await both(e, (en) => en.advance(steps, recs));
    const wStar = configOptimum(cfg, data)!.w;
    // fp32 holds w* to u/2 relative per coordinate, so no fp32 distance is known below about u·‖w*‖.
    const floor = 2 ** -23 * Math.hypot(...wStar);
    offsets.forEach((offset, r) => {
      const gv = Array.from(g.records[r].values.distToOpt!);
      const cv = Array.from(c.records[r].values.distToOpt!);
      console.log(`distToOpt at offset ${offset}: GPU ${gv.map((v) => v.toExponential(3))}, float64 ${cv.map((v) => v.toExponential(3))}`);
      cv.forEach((ref, k) => expect(Math.abs(gv[k] - ref), `run ${k} at offset ${offset}`).toBeLessThan(1e-4 * ref + 4 * floor));
    });
    expect(c.records[offsets.length - 1].values.distToOpt![1]).toBeLessThan(1e-8);
    await e.gpu.dispose();
  });

  it('separable data without an ℓ2 term: no minimiser, refused in one line', async () => {
    const x = Float64Array.from([1, 0.2, -0.1, 0.8, 0.5, 0.3, 1.2, -0.4, 0.6, 0.9, 0.1, 0.2]);
    const sep: Dataset = { name: 'separable n=4 d=3', n: 4, d: 3, x, y: Float64Array.from([1, 1, 1, 1]) };
    const gpu = new RemoteGpuEngine(session);
    await expect(gpu.init({ config: config({ etas: [1], metrics: ['loss', 'distToOpt'] }), data: sep })).rejects.toThrow(/no minimiser.*distToOpt/);
  });
});
