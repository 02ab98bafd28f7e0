// Which steps get recorded: every step up to `denseUntil`, then `perDecade` log-spaced steps per
// decade, and always the last step. A 2^20-step run keeps under two thousand points per η this way,
// while the per-step losses (which every step produces anyway) still feed the analysis.

import type { MetricName, RecordConfig } from './config-types';

export function recordSteps(totalSteps: number, record: RecordConfig): number[] {
  const steps: number[] = [];
  const dense = Math.min(record.denseUntil, totalSteps);
  for (let s = 0; s <= dense; s++) steps.push(s);
  const base = Math.max(dense, 1);
  for (let j = 1; ; j++) {
    const s = Math.round(base * 10 ** (j / record.perDecade));
    if (s >= totalSteps) break;
    if (s > steps[steps.length - 1]) steps.push(s);
  }
  if (steps[steps.length - 1] !== totalSteps) steps.push(totalSteps);
  if (record.extraSteps.length === 0) return steps;
  const all = new Set(steps);
  for (const s of record.extraSteps) if (s <= totalSteps) all.add(s);
  return [...all].sort((a, b) => a - b);
}

/** The metrics measured at the i-th of `count` recorded steps: sharpness only every few records and at the last. */
export function metricsAt(i: number, count: number, metrics: MetricName[], record: RecordConfig): MetricName[] {
  if (!metrics.includes('sharpness')) return metrics;
  if (i % record.sharpnessEvery === 0 || i === count - 1) return metrics;
  return metrics.filter((m) => m !== 'sharpness');
}
