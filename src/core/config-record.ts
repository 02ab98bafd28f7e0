// What a run records: the metrics it computes, and at which steps it keeps them (the record schedule).

import { DEFAULT_LIMITS } from './config-limits';
import { METRIC_NAMES, type MetricName, type RecordConfig } from './config-types';
import { expectArray, expectNumber, expectObject, expectOneOf, field, prefix, rejectUnknown } from './validate';

export const DEFAULT_RECORD: RecordConfig = {
  denseUntil: 1024,
  perDecade: 256,
  sharpnessEvery: 16,
  sharpnessIterations: 20,
  extraSteps: [],
};

export function parseMetrics(value: unknown): MetricName[] {
  const at = 'metrics';
  const raw = expectArray(value, at, 0, METRIC_NAMES.length);
  const chosen = new Set<MetricName>(['loss']);
  raw.forEach((m, i) => chosen.add(expectOneOf(m, prefix(at, i), METRIC_NAMES)));
  return METRIC_NAMES.filter((m) => chosen.has(m));
}

export function parseRecord(value: unknown): RecordConfig {
  const at = 'record';
  const obj = expectObject(value, at);
  rejectUnknown(obj, at, Object.keys(DEFAULT_RECORD));
  const get = (key: Exclude<keyof RecordConfig, 'extraSteps'>, min: number, max: number) =>
    expectNumber(field(obj, key, DEFAULT_RECORD[key]), prefix(at, key), { min, max, integer: true });
  const extra = expectArray(field(obj, 'extraSteps', []), prefix(at, 'extraSteps'), 0, 10_000);
  const extraSteps = extra.map((s, i) => expectNumber(s, prefix(prefix(at, 'extraSteps'), i), { min: 0, max: DEFAULT_LIMITS.maxSteps, integer: true }));
  return {
    denseUntil: get('denseUntil', 0, 1_000_000),
    perDecade: get('perDecade', 1, 100_000),
    sharpnessEvery: get('sharpnessEvery', 1, 1_000_000),
    sharpnessIterations: get('sharpnessIterations', 1, 10_000),
    extraSteps: [...new Set(extraSteps)].sort((a, b) => a - b),
  };
}
