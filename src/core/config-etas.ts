// The stepsizes of a config: a list, or a log-spaced range; every η distinct.

import { ConfigError } from './config-error';
import type { ConfigLimits } from './config-limits';
import { expectArray, expectNumber, prefix, rejectUnknown, type Obj } from './validate';

/** The largest stepsize a config may ask for (also the largest c of an accel study's η = c·T). */
export const ETA_MAX = 1e12;

export function parseEtas(value: unknown, lim: ConfigLimits): number[] {
  const at = 'etas';
  const range = { min: 0, max: ETA_MAX, exclusiveMin: true };
  if (Array.isArray(value)) {
    expectArray(value, at, 1, lim.maxEtas);
    return distinctEtas(value.map((eta, i) => expectNumber(eta, prefix(at, i), range)), at);
  }
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(at, value, `a list of 1 to ${lim.maxEtas} stepsizes, or {"start", "stop", "count"} for log-spaced ones`);
  }
  const obj = value as Obj;
  rejectUnknown(obj, at, ['start', 'stop', 'count']);
  const start = expectNumber(obj.start, prefix(at, 'start'), range);
  const stop = expectNumber(obj.stop, prefix(at, 'stop'), range);
  const count = expectNumber(obj.count, prefix(at, 'count'), { min: 1, max: lim.maxEtas, integer: true });
  return distinctEtas(logSpace(start, stop, count), prefix(at, 'count'));
}

/** A run is named by its η (results, merge, the dashboard's table): the same η twice would be one run lost. */
function distinctEtas(etas: number[], at: string): number[] {
  const seen = new Map<number, number>();
  etas.forEach((eta, i) => {
    const first = seen.get(eta);
    if (first !== undefined) throw new ConfigError(at === 'etas' ? prefix(at, i) : at, eta, `stepsizes that differ from each other (η = ${eta} is also etas[${first}])`);
    seen.set(eta, i);
  });
  return etas;
}

/** count values from start to stop (both included), evenly spaced in log. */
export function logSpace(start: number, stop: number, count: number): number[] {
  if (count === 1) return [start];
  const a = Math.log(start);
  const b = Math.log(stop);
  return Array.from({ length: count }, (_, i) => (i === 0 ? start : i === count - 1 ? stop : Math.exp(a + ((b - a) * i) / (count - 1))));
}
