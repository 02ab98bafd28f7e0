// What every engine's advance() shares (CPU and GPU): checking the record requests, and the empty metric
// slots (NaN until measured) that it fills.

import type { MetricName } from './config-types';
import type { RecordRequest } from './engine';

/** Steps must be an integer >= 0; record offsets must lie in 0..steps and strictly ascend (one request per step). */
export function checkAdvance(steps: number, records: RecordRequest[]): void {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`advance: steps must be an integer >= 0, got ${steps}`);
  checkRecords(records, steps);
}

export function checkRecords(records: RecordRequest[], steps: number): void {
  let prev = -1;
  for (const r of records) {
    if (!Number.isInteger(r.offset) || r.offset <= prev || r.offset > steps) {
      throw new RangeError(`advance: record offsets must ascend strictly within 0..${steps}, got ${r.offset} after ${prev}`);
    }
    prev = r.offset;
  }
}

export function emptyValues(metrics: MetricName[], K: number): Partial<Record<MetricName, Float64Array>> {
  const values: Partial<Record<MetricName, Float64Array>> = {};
  for (const m of metrics) values[m] = new Float64Array(K).fill(NaN);
  return values;
}
