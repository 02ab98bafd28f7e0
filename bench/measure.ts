// Times one engine on one workload: init, warm-up (pipelines compiled, buffers touched, and the step
// count grown until a run lasts long enough to time), then `runs` timed advance() calls. Every engine
// is driven through the same Engine interface, so the figures are of the same work: GD steps for all
// K stepsizes, per-step losses coming back (the engines always return them).

import type { Engine, Problem } from '../src/core/engine';
import { summarize, type Summary } from './stats';

export interface MeasureOptions {
  /** Timed runs after warm-up (the report wants ≥ 5). */
  runs: number;
  /** Grow the steps per run until one run takes at least this long. */
  targetSeconds: number;
  /** Never more steps than this in one run. */
  maxSteps: number;
}

export interface Measurement {
  stepsPerRun: number;
  stepsPerSecond: Summary;
  /** Wall time of init (compiles pipelines, uploads data). */
  initSeconds: number;
}

export async function measure(engine: Engine, problem: Problem, opts: MeasureOptions): Promise<Measurement> {
  const t0 = performance.now();
  await engine.init(problem);
  const initSeconds = (performance.now() - t0) / 1000;
  // One untimed step first: pipeline compilation, JIT and first-touch page faults are not a rate.
  await engine.advance(1, []);
  let steps = 1;
  for (;;) {
    const t = await timeAdvance(engine, steps);
    if (t >= opts.targetSeconds / 2 || steps >= opts.maxSteps) break;
    // Aim at the target from this run's rate, at most ×8 per round (the first runs carry start-up cost).
    steps = Math.min(opts.maxSteps, Math.max(steps + 1, Math.min(8 * steps, Math.ceil((steps * opts.targetSeconds) / Math.max(t, 1e-6)))));
  }
  const samples: number[] = [];
  for (let r = 0; r < opts.runs; r++) samples.push(steps / (await timeAdvance(engine, steps)));
  return { stepsPerRun: steps, stepsPerSecond: summarize(samples), initSeconds };
}

async function timeAdvance(engine: Engine, steps: number): Promise<number> {
  const t = performance.now();
  await engine.advance(steps, []);
  return (performance.now() - t) / 1000;
}

/** L(w_N) for every η after N steps from w_0: the figure the peers are checked against. */
export async function lossAfter(engine: Engine, problem: Problem, N: number): Promise<number[]> {
  await engine.init(problem);
  const r = await engine.advance(N, [{ offset: N, metrics: ['loss'] }]);
  return Array.from(r.records[0].values.loss ?? []);
}
