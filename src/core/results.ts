// The results format (bigstep.results/1): everything needed to read a sweep back and to repeat it.
// Numbers that are not finite (a diverged run, an undefined margin) are written as null, never as a
// number, so every JSON reader (and pandas) gets the same values back.

import type { ExperimentConfig, MetricName } from './config-types';
import type { EngineInfo } from './engine';
import type { RunSummary } from './analysis';

export const RESULTS_FORMAT = 'bigstep.results/1';

export type RunOutcome = 'done' | 'diverged' | 'cancelled';

export interface RunResult {
  eta: number;
  status: RunOutcome;
  /** Step at which the run was found diverged, or null. */
  divergedAt: number | null;
  /** series.step is the recorded steps; every other array has one entry per recorded step (null = not measured or not finite). */
  series: { step: number[] } & Partial<Record<MetricName, (number | null)[]>>;
  summary: RunSummary;
}

export interface Results {
  format: typeof RESULTS_FORMAT;
  config: ExperimentConfig;
  engine: EngineInfo;
  environment: { runtime: string; platform: string; browser?: string; cpu?: string };
  data: { name: string; n: number; d: number };
  timings: { startedAt: string; finishedAt: string; wallSeconds: number; stepsPerSecond: number };
  /** 'done' when every run reached its last step or diverged; 'cancelled' when stopped early. */
  status: 'done' | 'cancelled';
  /** Steps done by the last batch of η that ran (all of config.steps unless cancelled). */
  stepsDone: number;
  runs: RunResult[];
  /**
   * The minimiser w* of the objective (linear model, non-separable or ℓ2-regularised data), found by
   * Newton's method in float64, when the config records distToOpt: L(w*), λ_max(∇²L(w*)) and 2/λ_max.
   */
  optimum?: { loss: number; gradNorm: number; newtonSteps: number; hessianTop: number; criticalEta: number };
  /** Present on the output of `--shard i/N`: which slice of `etas` (the full list) this file holds. */
  shard?: { index: number; count: number; etas: number[] };
  /** "sha256:…" of the file's content without this field, as the CLI wrote it (merge uses it to notice edited shards). */
  checksum?: string;
}

/** A finite number, or null. */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
