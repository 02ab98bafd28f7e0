// shaders/losses.wgsl against its float64 twin src/core/losses.ts, at margins from −80 to 80:
// ln ℓ (what the log-domain loss reduction uses), ℓ' (the gradient) and ℓ'' (the Hessian).
//
// Tolerance: WGSL promises exp to (3 + 2|x|) ULP and log to 3 ULP (2^-21 absolute near 1), and the
// argument of exp, e.g. −a·z, is itself rounded to fp32: so the relative error allowed grows with
// the size of the exponent, (4 + 2|x|)·2^-23 plus a little slack. Values below 1e-36 are compared
// absolutely (fp32 flushes or loses them; ln ℓ, which the loss uses, keeps them).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LossConfig } from '../../src/core/config-types';
import { makeLoss } from '../../src/core/losses';
import { f32FromBase64, toBase64 } from '../../src/gpu/base64';
import type { BrowserSession } from '../../src/node/browser';
import { launch } from './helpers';

let session: BrowserSession;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

// Dense where log1p's argument e^{-z} is small but not negligible (z from 4 to 12): a log(1 + x)
// there loses digits, which a sparse grid once missed.
const MAGS = [0, 1e-7, 1e-4, 0.01, 0.1, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 6.5, 7, 7.5, 8, 8.25, 8.5, 8.75, 9, 9.5, 10, 11, 12, 13, 20, 30, 45, 60, 80];
const ZS = Float32Array.from([...MAGS, ...MAGS.slice(1).map((z) => -z)]);
const LOSSES: LossConfig[] = [
  { kind: 'logistic', a: 1 },
  { kind: 'exponential', a: 1 },
  { kind: 'flatExp', a: 1.5 },
  { kind: 'flatExp', a: 0.3 },
  { kind: 'flatPoly', a: 2 },
  { kind: 'flatPoly', a: 0.5 },
];

describe('WGSL losses', () => {
  for (const cfg of LOSSES) {
    it(`${cfg.kind} (a = ${cfg.a}): ln ℓ, ℓ', ℓ'' match float64 from z = −80 to 80`, async () => {
      const out = f32FromBase64(
        await session.page.evaluate((l: LossConfig, z: string) => window.bigstepHost!.probeLosses(l, z), cfg, toBase64(ZS)),
      );
      const loss = makeLoss(cfg);
      ZS.forEach((z, i) => {
        const tol = (4 + 2 * (Math.max(cfg.a, 1) * Math.abs(z) + 2)) * 2 ** -23;
        const want = [loss.logValue(z), loss.d1(z), loss.d2(z)];
        want.forEach((w, q) => {
          const got = out[3 * i + q];
          const what = `${['ln ℓ', "ℓ'", "ℓ''"][q]}(${z})`;
          // ln ℓ: an absolute error on ln ℓ is the relative error of ℓ itself, so no slack is added here.
          if (q === 0) expect(Math.abs(got - w), what).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w)));
          else if (Math.abs(w) < 1e-36) expect(Math.abs(got), what).toBeLessThan(2e-36);
          else expect(Math.abs(got - w) / Math.abs(w), `${what}: ${got} vs ${w}`).toBeLessThanOrEqual(tol + 2e-6);
        });
      });
    });
  }
});
