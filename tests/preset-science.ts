// The claim of every preset at --quick size, asserted with numbers on a sweep run as a user runs it
// (`bigstep sweep --preset NAME --quick --no-png [--engine gpu]`). tests/unit/preset-science.test.ts
// holds every preset to it on the float64 engine; tests/gpu/preset-science.test.ts holds one preset
// per model to it on the GPU engine. Each describe states the claim; docs/figures.md has the numbers
// measured when the presets were chosen. The same run checks that the files are valid (results
// schema, tidy CSV).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeName } from '../src/cli/sweep-command';
import type { Results, RunResult } from '../src/core/results';
import { firstStepBelow } from '../src/core/analysis';
import { criticalEta, type StudyTable } from '../src/core/study';
import { cli, cliAsync, readResults, tmpDir } from './cli-runner';

interface PresetRun {
  /** The results of each sweep, by label (a plain preset has one, labelled '.'). */
  parts: Map<string, Results>;
  table: StudyTable | null;
  stdout: string;
}

export type Engine = 'cpu' | 'gpu';

/** `bigstep sweep --preset NAME --quick` on the engine, read back and checked for valid files. */
async function runQuick(name: string, engine: Engine): Promise<PresetRun> {
  const out = tmpDir();
  const args = ['sweep', '--preset', name, '--quick', '--engine', engine, '--out', out, '--quiet', '--no-png'];
  // The GPU engine's browser runs beside the test process: a blocking spawn would do, but the async
  // one keeps vitest's own timers alive.
  const r = engine === 'cpu' ? cli(args, 300_000) : await cliAsync(args).done;
  if (r.code !== 0) throw new Error(`bigstep sweep --preset ${name} --quick --engine ${engine} failed (${r.code}): ${r.stderr}`);
  const studyFile = path.join(out, 'study.json');
  const study = existsSync(studyFile) ? (JSON.parse(readFileSync(studyFile, 'utf8')) as { sweeps: string[]; table: StudyTable }) : null;
  const parts = new Map<string, Results>();
  for (const label of study ? study.sweeps : ['.']) {
    const dir = path.join(out, safeName(label));
    const res = readResults(dir);
    const csv = readFileSync(path.join(dir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(['eta', 'status', 'step', ...res.config.metrics].join(','));
    expect(csv.length - 1).toBe(res.runs.reduce((s, run) => s + run.series.step.length, 0));
    expect(res.status).toBe('done');
    expect(res.engine.kind).toBe(engine);
    parts.set(label, res);
  }
  return { parts, table: study?.table ?? null, stdout: r.stdout };
}

const only = (p: PresetRun): Results => p.parts.values().next().value!;
const byEta = (res: Results, eta: number): RunResult => res.runs.find((r) => r.eta === eta)!;
const finals = (res: Results): number[] => [...res.runs].sort((a, b) => a.eta - b.eta).map((r) => r.summary.finalLoss!);
const descending = (v: number[]) => v.every((x, i) => i === 0 || x < v[i - 1]);
const relErr = (v: number, target: number) => Math.abs(v / target - 1);
/**
 * "At w*" for a converged run of the 1-D sets: float64 gets within 1e-8 (measured 1e-14 and below).
 * fp32 GD ends where its rounding (a few units in the last place of w, 6e-8 at w* = 0.69) balances
 * the contraction, so within about ulp / (1 − |1 − ηλ|): measured 6e-8 to 3.6e-7, and 1.7e-6 at
 * η = 8.55 next to 2/λ = 9, where the gap is 0.1 (SwiftShader). A cycle ends 0.3 and more away.
 */
const atOptimum = (engine: Engine): number => (engine === 'cpu' ? 1e-8 : 1e-5);
/** First recorded step with L ≤ eps (Infinity if none). */
const stepsTo = (run: RunResult, eps: number): number => firstStepBelow(run.series.step, run.series.loss ?? [], eps) ?? Infinity;

/** The claim of the stable phase: the loss fell to 1/η and never increased from there on. */
function expectStableAfterTransition(run: RunResult): void {
  const s = run.summary;
  expect(s.phaseTransitionStep, `η = ${run.eta}: transition`).not.toBeNull();
  expect(s.monotoneAfterTransition, `η = ${run.eta}: monotone after step ${s.phaseTransitionStep}`).toBe(true);
}

/** EoS, then stable: the loss increased, only before the transition, and decreased monotonically after it. */
function expectEosThenStable(run: RunResult): void {
  expect(run.summary.lossIncreases, `η = ${run.eta}: loss increases (EoS phase)`).toBeGreaterThan(0);
  expectStableAfterTransition(run);
  expect(run.summary.lastIncreaseStep!).toBeLessThan(run.summary.phaseTransitionStep!);
}

/** (step, value) pairs where the sharpness was measured. */
function sharpness(run: RunResult): [number, number][] {
  const s = run.series;
  return s.step.map((t, i) => [t, s.sharpness?.[i] ?? null] as const).filter((p): p is [number, number] => p[1] !== null);
}

/** Each preset's describe block, given a function that returns its quick run. */
const SUITES: Record<string, (run: () => Promise<PresetRun>, engine: Engine) => void> = {
  'toy': (run, engine) =>
    describe(`toy (claims 1–3): EoS spikes, transition, monotone after, η·t·L → 1/γ² = 25 [${engine}]`, async () => {
      const res = only(await run());
      it('η ≥ 8 spike above ln 2 early and are monotone after a transition by step 32; η ≤ 16: η·t·L within 15% of 25, late slope within 0.1 of −1; larger η ends lower', () => {
        for (const run of res.runs) {
          if (run.eta >= 8) {
            expect(Math.max(...(run.series.loss!.slice(1, 16) as number[]))).toBeGreaterThan(Math.LN2);
            expectEosThenStable(run);
          } else expectStableAfterTransition(run);
          expect(run.summary.phaseTransitionStep!).toBeLessThanOrEqual(32);
          if (run.eta > 16) continue;
          expect(relErr(run.summary.etaTLoss!, 25)).toBeLessThan(0.15);
          expect(Math.abs(run.summary.lateSlope! + 1)).toBeLessThan(0.1);
        }
        expect(descending(finals(res))).toBe(true);
      });
      it('η = 32 is still climbing towards 25 at 2^12 steps (3.6 at t = 1024, 10.1 at 4096; 22.9 at 2^16, 25.0 at 2^20)', () => {
        const run = byEta(res, 32);
        const s = run.series;
        const at1024 = 32 * 1024 * s.loss![s.step.indexOf(1024)]!;
        expect(run.summary.etaTLoss!).toBeGreaterThan(2 * at1024);
        expect(run.summary.etaTLoss!).toBeLessThan(25);
      });
    }),
  'mnist08': (run, engine) =>
    describe(`mnist08 (unit-norm MNIST 0 vs 8): spikes for large η, monotone after L ≤ 1/η, larger η ends lower [${engine}]`, async () => {
      const res = only(await run());
      it('η ≥ 4096 raise the loss above ln 2 and only before the transition; η ≤ 256 never raise it; final losses fall with η', () => {
        for (const run of res.runs) {
          if (run.eta >= 4096) {
            expectEosThenStable(run);
            expect(run.summary.maxLoss!).toBeGreaterThan(1.5 * Math.LN2);
          } else expect(run.summary.lossIncreases).toBe(0);
          expect(run.summary.phaseTransitionStep).not.toBeNull();
          expect(run.summary.monotoneAfterTransition).toBe(true);
        }
        expect(descending(finals(res))).toBe(true);
      });
    }),
  'accel': (run, engine) =>
    describe(`accel (two-point set): η = T under a c/T² envelope, fixed η on c/T [${engine}]`, async () => {
      const p = await run();
      const res = only(p);
      const rows = p.table!.rows as number[][];
      it('L(w_T) ≤ 10/T² for η = T at every T, after an EoS phase; fixed η = 12 keeps T·L(w_T) within 20% of 400/12; η = T is ≥ 1000× lower at the last T', () => {
        for (const [T, accel, , fixed12] of rows) {
          expect(accel * T * T, `T = ${T}`).toBeLessThan(10);
          expect(relErr(fixed12 * T, 400 / 12), `T = ${T}`).toBeLessThan(0.2);
          expect(byEta(res, T).summary.lossIncreases, `η = T = ${T}: EoS`).toBeGreaterThan(0);
        }
        const [, accel, , fixed12] = rows.at(-1)!;
        expect(fixed12 / accel).toBeGreaterThan(1000);
      });
    }),
  'lower-bound': (run, engine) =>
    describe(`lower-bound (two-point set): runs that never enter EoS stay above c/T [${engine}]`, async () => {
      const res = only(await run());
      const T = res.config.steps;
      it('η ≤ 12 never raise the loss and end with η·T·L within 15% of 1/γ² = 400 (so T·L ≥ 0.85·400/η); η ≥ 64 go through EoS and end below every stable run, η = 1024 by 1000×', () => {
        const stable = res.runs.filter((r) => r.eta <= 12);
        for (const run of stable) {
          expect(run.summary.lossIncreases).toBe(0);
          expect(relErr(run.summary.etaTLoss!, 400)).toBeLessThan(0.15);
        }
        const bestStable = Math.min(...stable.map((r) => r.summary.finalLoss!));
        for (const run of res.runs.filter((r) => r.eta >= 64)) {
          expectEosThenStable(run);
          expect(run.summary.finalLoss!).toBeLessThan(bestStable);
        }
        expect(byEta(res, 1024).summary.finalLoss! * 1000).toBeLessThan(bestStable);
        expect(T).toBe(4096);
      });
    }),
  'losses': (run, engine) =>
    describe(`losses (the talk's rate table): late slopes −1 and −a/(a+2), the table's η(T) beats η = 1, exponential diverges [${engine}]`, async () => {
      const p = await run();
      const linear = (label: string) => p.parts.get(`${label}-linear`)!;
      it('linear model, η = 1: late slope within 0.05 of −a/(a+2) for flatPoly a = 1/2, 1, 2 and of −1 for logistic and flatExp', () => {
        for (const [label, slope] of [
          ['flatPoly(a=0.5)', -0.2],
          ['flatPoly(a=1)', -1 / 3],
          ['flatPoly(a=2)', -0.5],
          ['logistic', -1],
          ['flatExp(a=1)', -1],
        ] as const) {
          expect(Math.abs(byEta(linear(label), 1).summary.lateSlope! - slope), label).toBeLessThan(0.05);
        }
      });
      it("the table's η(T) ends below η = 1 for every finite-valued loss; the exponential loss diverges at η = T", () => {
        for (const label of ['logistic', 'flatExp(a=1)', 'flatPoly(a=0.5)', 'flatPoly(a=1)', 'flatPoly(a=2)']) {
          const res = linear(label);
          const tuned = res.runs.find((r) => r.eta !== 1)!;
          expect(tuned.status, label).toBe('done');
          expect(tuned.summary.finalLoss!, label).toBeLessThan(byEta(res, 1).summary.finalLoss!);
        }
        expect(linear('exponential').runs.find((r) => r.eta !== 1)!.status).toBe('diverged');
        expect(p.table!.columns).toContain('predicted slope');
      });
    }),
  'sgd': (run, engine) =>
    describe(`sgd (claim 7): online SGD spikes with a large η, then falls at the stable-phase rate [${engine}]`, async () => {
      const res = only(await run());
      it('η ≥ 8 spike above 5·ln 2 in the first 8 steps; η·t·L within 15% of 1/γ² = 25 at the end; larger η ends lower', () => {
        for (const run of res.runs) {
          if (run.eta >= 8) expect(Math.max(...(run.series.loss!.slice(1, 8) as number[]))).toBeGreaterThan(5 * Math.LN2);
          expect(relErr(run.summary.etaTLoss!, 25)).toBeLessThan(0.15);
        }
        expect(descending(finals(res))).toBe(true);
      });
    }),
  'ntk-width': (run, engine) =>
    describe(`ntk-width (MNIST 4 vs 9): the same EoS → stable picture at m = 100 and 1000, ‖w_t − w_0‖ bounded [${engine}]`, async () => {
      const p = await run();
      const maxDist = (run: RunResult) => Math.max(...(run.series.distFromInit!.filter((v) => v !== null) as number[]));
      it('at every width η = 16 decreases monotonically and η = 128 spikes, then decreases monotonically after L ≤ 1/η', () => {
        for (const res of p.parts.values()) {
          expect(byEta(res, 16).summary.lossIncreases).toBe(0);
          expectStableAfterTransition(byEta(res, 16));
          expectEosThenStable(byEta(res, 128));
        }
      });
      it('the largest ‖w_t − w_0‖ of each η changes by less than 25% from m = 100 to m = 1000, and is larger for the larger η', () => {
        const [m100, m1000] = [p.parts.get('m=100')!, p.parts.get('m=1000')!];
        for (const eta of [16, 128]) expect(relErr(maxDist(byEta(m1000, eta)), maxDist(byEta(m100, eta)))).toBeLessThan(0.25);
        for (const res of [m100, m1000]) expect(maxDist(byEta(res, 128))).toBeGreaterThan(maxDist(byEta(res, 16)));
      });
    }),
  'sharpness': (run, engine) =>
    describe(`sharpness (NTK, MNIST 4 vs 9): the sharpness falls through 2/η, EoS then stable for the large η [${engine}]`, async () => {
      const res = only(await run());
      it('starts below 2/η for η = 16 and above it for η = 64, 256; comes within 20% of 2/η at some step; ends below it', () => {
        for (const run of res.runs) {
          const s = sharpness(run);
          const thr = 2 / run.eta;
          if (run.eta === 16) expect(s[0][1]).toBeLessThan(thr);
          else {
            expect(s[0][1]).toBeGreaterThan(thr);
            expect(Math.min(...s.map(([, v]) => Math.abs(v / thr - 1)))).toBeLessThanOrEqual(0.2);
          }
          expect(s.at(-1)![1]).toBeLessThan(thr);
        }
      });
      it('η = 256 raises the loss before its transition and decreases monotonically after it', () => {
        expectEosThenStable(byEta(res, 256));
        expectStableAfterTransition(byEta(res, 16));
      });
    }),
  'mlp3-mnist': (run, engine) =>
    describe(`mlp3-mnist (the talk's opening figure): spikes for the largest η, and larger η ends lower [${engine}]`, async () => {
      const res = only(await run());
      it('η = 0.4 has a loss spike (a rise to over twice the lowest loss before it); the final losses fall with η', () => {
        const loss = byEta(res, 0.4).series.loss as number[];
        expect(loss.some((v, i) => i > 0 && v > 2 * Math.min(...loss.slice(0, i)))).toBe(true);
        expect(descending(finals(res))).toBe(true);
      });
    }),
  'eos-sharpness': (run, engine) =>
    describe(`eos-sharpness (Cohen et al.): progressive sharpening to 2/η at quick size too [${engine}]`, async () => {
      const res = only(await run());
      it('η = 0.1, 0.12: the sharpness rises by ≥ 25% from its start to within 10% of 2/η or above; η = 0.12 has loss increases; η = 0.02 stays below 2/η with a monotone loss', () => {
        for (const run of res.runs) {
          const s = sharpness(run);
          const thr = 2 / run.eta;
          const max = Math.max(...s.map(([, v]) => v));
          if (run.eta === 0.02) {
            expect(max).toBeLessThan(thr);
            expect(run.summary.lossIncreases).toBe(0);
          } else {
            expect(s[0][1]).toBeLessThan(thr);
            expect(max).toBeGreaterThan(1.25 * s[0][1]);
            expect(max).toBeGreaterThanOrEqual(0.9 * thr);
          }
        }
        expect(byEta(res, 0.12).summary.lossIncreases).toBeGreaterThan(0);
      });
    }),
  'adaptive': (run, engine) =>
    describe(`adaptive (toy set, γ = 0.2): η_t = η/L(w_t) reaches L ≤ 1e-6 before any constant η [${engine}]`, async () => {
      const p = await run();
      it('η/L reaches L ≤ 1e-6 within 4/γ² = 100 steps (η = 8: step 77), no constant η ≤ 512 does in 512 steps; after it the loss keeps falling exponentially (below 1e-50 at step 512)', () => {
        const gd = p.parts.get('gd')!;
        const adaptive = p.parts.get('adaptive(loss)')!;
        const best = Math.min(...adaptive.runs.map((r) => stepsTo(r, 1e-6)));
        expect(best).toBeLessThanOrEqual(100);
        expect(stepsTo(byEta(adaptive, 8), 1e-6)).toBe(77);
        for (const r of gd.runs) expect(stepsTo(r, 1e-6), `constant η = ${r.eta}`).toBeGreaterThan(best);
        expect(byEta(adaptive, 8).summary.finalLoss!).toBeLessThan(1e-50);
        expect(p.table!.columns).toContain('steps to L<=0.000001');
      });
      it('normalised GD η/‖∇L‖ (the Perceptron-like limit) gets there sooner still as η grows: 46, 8, 4 steps for η = 8, 64, 512', () => {
        const normalised = p.parts.get('adaptive(gradNorm)')!;
        expect([8, 64, 512].map((eta) => stepsTo(byEta(normalised, eta), 1e-6))).toEqual([46, 8, 4]);
      });
    }),
  'momentum': (run, engine) =>
    describe(`momentum (two-point set): GD with η = T against heavy ball and Nesterov at their usual stepsize [${engine}]`, async () => {
      const p = await run();
      const final = (label: string, eta: number) => byEta(p.parts.get(label)!, eta).summary.finalLoss!;
      it('GD at η = T = 4096 ends below every momentum run (β = 0.99) at η ≤ 4 = 1/smoothness, and 1000× below GD at η = 4; momentum at η = T goes lower still', () => {
        const large = final('gd', 4096);
        for (const label of ['heavyBall(b=0.99)', 'nesterov(b=0.99)']) {
          for (const eta of [1, 4]) expect(final(label, eta), `${label}, η = ${eta}`).toBeGreaterThan(large);
          expect(final(label, 4096), `${label}, η = 4096`).toBeLessThan(large);
        }
        expect(large * 1000).toBeLessThan(final('gd', 4));
        expect(byEta(p.parts.get('gd')!, 4096).summary.lossIncreases).toBeGreaterThan(0);
      });
    }),
  'regularized': (run, engine) =>
    describe(`regularized (toy set, ℓ2): converge below 2/λ_max(w*), oscillate above, diverge far above, the boundary growing like 1/(λ ln(1/λ)) [${engine}]`, async () => {
      const p = await run();
      it('for λ = 0.1 and 0.01: period 1 and ‖w_T − w*‖ < 1e-8 for every η below 2/λ_max; a cycle or chaos above it; divergence from η = 32 and 256, 4–20× the critical η ≈ 1/(λ ln(1/λ))', () => {
        const firstDiverged: number[] = [];
        for (const [lambda, label] of [[0.1, 'l2=0.1'], [0.01, 'l2=0.01']] as const) {
          const res = p.parts.get(label)!;
          const stable = res.optimum!.criticalEta;
          for (const r of res.runs) {
            if (r.eta < stable) {
              expect(r.summary.latePeriod, `λ = ${lambda}, η = ${r.eta}`).toBe(1);
              expect(r.series.distToOpt!.at(-1)!).toBeLessThan(1e-8);
            } else if (r.status === 'done') expect(r.summary.latePeriod, `λ = ${lambda}, η = ${r.eta}`).not.toBe(1);
          }
          const diverged = res.runs.filter((r) => r.status === 'diverged').map((r) => r.eta);
          firstDiverged.push(Math.min(...diverged));
          const ratio = Math.min(...diverged) / criticalEta(lambda)!;
          expect(ratio).toBeGreaterThan(4);
          expect(ratio).toBeLessThan(20);
          // Every η from the first divergence on diverges: one boundary, not scattered failures.
          expect(res.runs.filter((r) => r.eta >= Math.min(...diverged)).every((r) => r.status === 'diverged')).toBe(true);
        }
        expect(firstDiverged).toEqual([32, 256]);
      });
      it('a larger converging η needs fewer steps to ‖w − w*‖ ≤ 1e-6: λ = 0.01, η = 1, 2, 4: 888, 440, 216 steps (∝ 1/η); λ = 0.1, η = 1, 2: 119, 56', () => {
        const steps = (label: string, eta: number) => firstStepBelow(byEta(p.parts.get(label)!, eta).series.step, byEta(p.parts.get(label)!, eta).series.distToOpt!, 1e-6);
        expect([1, 2, 4].map((eta) => steps('l2=0.01', eta))).toEqual([888, 440, 216]);
        expect([1, 2].map((eta) => steps('l2=0.1', eta))).toEqual([119, 56]);
        expect(p.table!.columns).toContain('steps to |w - w*|<=0.000001');
      });
    }),
  'non-separable': (run, engine) =>
    describe(`non-separable (1-D set 1, 1, −1): period 1 below 2/λ = 9, period 2 just above, then 4, then chaos [${engine}]`, async () => {
      const res = only(await run());
      it(`Newton finds λ_max(∇²L(w*)) = 2/9; η < 9 converge to w* (period 1, ‖w_T − w*‖ < ${atOptimum(engine)}); 9.45, 9.9, 11.7: period 2; 13.5: period 4; 15.3, 18: no short cycle`, () => {
        expect(res.optimum!.hessianTop).toBeCloseTo(2 / 9, 12);
        expect(res.optimum!.criticalEta).toBeCloseTo(9, 10);
        const period = (eta: number) => byEta(res, eta).summary.latePeriod;
        for (const eta of [4.5, 8.1, 8.55]) {
          expect(period(eta), `η = ${eta}`).toBe(1);
          expect(byEta(res, eta).series.distToOpt!.at(-1)!).toBeLessThan(atOptimum(engine));
        }
        for (const eta of [9.45, 9.9, 11.7]) expect(period(eta), `η = ${eta}`).toBe(2);
        expect(period(13.5)).toBe(4);
        for (const eta of [15.3, 18]) expect(period(eta), `η = ${eta}`).toBe(0);
      });
    }),
  'stable-cycle': (run, engine) =>
    describe(`stable-cycle (1-D set 0.5, −1, −9.5, −10 from w₀ = −13.5): a period-2 cycle below 2/λ [${engine}]`, async () => {
      const res = only(await run());
      it(`2/λ_max = 25.45; η = 14 and 22.9 converge to w* (‖w_T − w*‖ < ${atOptimum(engine)}); η = 24.2 < 2/λ ends on a period-2 cycle, ‖w_T − w*‖ > 0.3`, () => {
        expect(res.optimum!.criticalEta).toBeCloseTo(25.45, 2);
        for (const eta of [14, 22.9]) {
          expect(byEta(res, eta).summary.latePeriod, `η = ${eta}`).toBe(1);
          expect(byEta(res, eta).series.distToOpt!.at(-1)!).toBeLessThan(atOptimum(engine));
        }
        const cycle = byEta(res, 24.2);
        expect(cycle.eta).toBeLessThan(res.optimum!.criticalEta);
        expect(cycle.summary.latePeriod).toBe(2);
        expect(cycle.series.distToOpt!.at(-1)!).toBeGreaterThan(0.3);
      });
    }),
};

export const SCIENCE_PRESETS = Object.keys(SUITES);

/** Defines the science describes of `names` on `engine` (each runs its preset once, when collected). */
export function presetScience(engine: Engine, names: readonly string[] = SCIENCE_PRESETS): void {
  for (const name of names) SUITES[name](() => runQuick(name, engine), engine);
}
