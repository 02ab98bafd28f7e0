// What every engine's advance() and writeState() share (CPU and GPU): checking the record requests,
// the empty metric slots (NaN until measured) that advance fills, and checking a state's shape.

import type { MetricName } from './config-types';
import type { EngineState, RecordRequest } from './engine';

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

/** Throws unless `state` (a checkpoint) has K runs of `size` weights each, and `size` entries per warm start if it has them. */
export function checkStateShape(state: EngineState, K: number, size: number): void {
  const vectors: [string, Float64Array[] | undefined][] = [['weight vectors', state.weights], ['eigenvectors', state.eigenvectors], ['velocities', state.velocities]];
  for (const [what, list] of vectors) {
    if (!list) continue;
    if (list.length !== K) throw new RangeError(`writeState: expected ${K} ${what}, got ${list.length}`);
    list.forEach((v, k) => {
      if (v.length !== size) throw new RangeError(`writeState: run ${k} has ${v.length} ${what === 'weight vectors' ? 'weights' : `${what} entries`}, expected ${size}`);
    });
  }
  if (state.status.length !== K || state.divergedAt.length !== K) {
    throw new RangeError(`writeState: expected the status and divergence step of ${K} runs, got ${state.status.length} and ${state.divergedAt.length}`);
  }
}
