// Shared by the GPU tests: one headless Chrome per test file, engines on it, and the float64
// reference beside them. A missing adapter makes launch() throw, so every test of the file fails
// with the reason (it never passes silently).

import { expect } from 'vitest';
import { parseConfig } from '../../src/core/config';
import type { ExperimentConfig, MetricName } from '../../src/core/config-types';
import type { Dataset } from '../../src/core/data/dataset';
import type { AdvanceResult, Engine, EngineState } from '../../src/core/engine';
import { normal } from '../../src/core/rng';
import { referenceBackend } from '../../src/cpu/backend';
import { engineFor } from '../../src/sweep/backend';
import { launchBrowser, type BrowserSession } from '../../src/node/browser';
import { RemoteGpuEngine } from '../../src/node/remote-gpu-engine';
import type { WireEngineOptions } from '../../src/gpu/host-api';

export const ALL_METRICS: MetricName[] = ['loss', 'expLoss', 'gradNorm', 'distFromInit', 'accuracy', 'margin'];

/** The four binary losses, with parameters away from 1 so a wrong a would show. */
export const ALL_LOSSES = [{ kind: 'logistic' }, { kind: 'exponential' }, { kind: 'flatExp', a: 1.5 }, { kind: 'flatPoly', a: 2 }];

export async function launch(): Promise<BrowserSession> {
  return launchBrowser({ log: (s) => console.log(s) });
}

export function config(partial: Record<string, unknown>): ExperimentConfig {
  return parseConfig({ data: { kind: 'toy' }, steps: 1, metrics: ALL_METRICS, ...partial });
}

/** Gaussian data with a planted direction (about 10% of labels disagree with it, so GD does not finish at once). */
export function gaussianData(n: number, d: number, seed: number): Dataset {
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let j = 0; j < d; j++) {
      const v = normal(seed, 11, i * d + j) / Math.sqrt(d);
      x[i * d + j] = v;
      dot += v * (j < 4 ? 1 : 0);
    }
    y[i] = dot + 0.15 * normal(seed, 12, i) >= 0 ? 1 : -1;
  }
  return { name: `gaussian n=${n} d=${d}`, n, d, x, y };
}

export interface Pair {
  gpu: RemoteGpuEngine;
  /** The float64 reference engine for the config's model. */
  cpu: Engine;
}

export async function pair(session: BrowserSession, cfg: ExperimentConfig, data: Dataset, opts: WireEngineOptions = {}): Promise<Pair> {
  const gpu = new RemoteGpuEngine(session, opts);
  const cpu = engineFor(referenceBackend, cfg);
  await gpu.init({ config: cfg, data });
  await cpu.init({ config: cfg, data });
  return { gpu, cpu };
}

/** An opt-in variant's engine (`variant`) and the float64 reference, plus the default GPU engine (`plain`). */
export type VariantTrio = Pair & { plain: RemoteGpuEngine };

/**
 * A variant GPU engine (options `variant`) with the float64 reference, and the default GPU path
 * (options `plainOpts`) on the same problem, all from the same w0. The variant's engine name must show
 * `active`, the default one's must not show `inactive`, so neither runs the other's kernels.
 */
export async function variantTrio(
  session: BrowserSession,
  cfg: ExperimentConfig,
  data: Dataset,
  variant: WireEngineOptions,
  marks: { active: string; inactive: string },
  plainOpts: WireEngineOptions = {},
): Promise<VariantTrio> {
  const p = await pair(session, cfg, data, variant);
  expect(p.gpu.info.name, 'the variant is active').toContain(marks.active);
  const plain = new RemoteGpuEngine(session, plainOpts);
  await plain.init({ config: cfg, data });
  expect(plain.info.name).not.toContain(marks.inactive);
  return { ...p, plain };
}

/**
 * A variant's advance (`v`) against the float64 reference's (`c`) and the default GPU path's (`g`)
 * when run 2 of 2 diverges: the same statuses and divergence steps, and NaN for the diverged run's
 * first recorded loss.
 */
export function expectSameDivergence(v: AdvanceResult, c: AdvanceResult, g: AdvanceResult): void {
  expect(c.status).toEqual(['running', 'diverged']);
  expect(v.status).toEqual(c.status);
  expect(v.divergedAt).toEqual(c.divergedAt);
  expect(v.divergedAt).toEqual(g.divergedAt);
  expect(Number.isNaN(v.records[0].values.loss![1])).toBe(true);
}

export async function both(p: Pair, f: (e: Engine) => Promise<AdvanceResult>): Promise<[AdvanceResult, AdvanceResult]> {
  return [await f(p.gpu), await f(p.cpu)];
}

export async function setState(p: Pair, state: EngineState): Promise<void> {
  await p.gpu.writeState(state);
  await p.cpu.writeState(state);
}

/** Largest relative difference |a − b| / |b| over the entries (NaNs must agree). */
export function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(b[i]) || Number.isNaN(a[i])) {
      if (!(Number.isNaN(b[i]) && Number.isNaN(a[i]))) return Infinity;
      continue;
    }
    const r = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300);
    if (a[i] !== b[i]) worst = Math.max(worst, r);
  }
  return worst;
}

/** ‖a − b‖ / ‖b‖. */
export function normRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

export function diff(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v - b[i]);
}

/** Random weights for every run (one state shared by both engines). */
export function randomState(K: number, p: number, scale: number, seed: number): EngineState {
  const w = new Float64Array(p).map((_, j) => scale * normal(seed, 21, j));
  return { step: 0, weights: Array.from({ length: K }, () => w.slice()), status: new Array(K).fill('running'), divergedAt: new Array(K).fill(-1) };
}

/** First step s with L(w_s) ≤ 1/η (the start of the stable phase), or −1. */
export function phaseTransition(stepLoss: Float64Array, K: number, k: number, eta: number): number {
  for (let s = 0; s * K + k < stepLoss.length; s++) if (stepLoss[s * K + k] <= 1 / eta) return s;
  return -1;
}
