// uPlot draws nothing at all (not even axes) on a log axis that reaches far enough down: an
// acceleration run (η = T on the toy set, 3.5e-72) left blank PNGs. Measured in headless Chrome, a
// 24-decade axis down to 1e-20 draws and one down to 1e-24 does not. So a log-y panel shows at most
// LOG_DECADES decades below its highest value, never below 1e-20; values under that floor are drawn
// on it, and the title says so.

import type { PanelSpec } from './panel-types';

export const LOG_DECADES = 24;
export const LOWEST_FLOOR = 1e-20;

/** The floor for a log axis whose largest value is `max`: LOG_DECADES decades below its decade, at least 1e-20. */
export function logFloor(max: number): number {
  const top = Math.ceil(Math.log10(max) - 1e-9);
  // Parsed rather than 10 ** k, which is off in the last digit for most negative k.
  return Math.max(LOWEST_FLOOR, Number(`1e${top - LOG_DECADES}`));
}

/** `spec` with every value below its log floor raised to it (and a note in the title), or `spec` itself when none is. */
export function floorLogAxis(spec: PanelSpec): PanelSpec {
  if (!spec.yLog) return spec;
  let max = 0;
  for (let k = 1; k < spec.data.length; k++) for (const v of spec.data[k]) if (v !== null && v > max) max = v;
  if (!(max > 0) || !Number.isFinite(max)) return spec;
  const floor = logFloor(max);
  let clipped = false;
  const data = spec.data.map((col, k) => {
    if (k === 0) return col;
    return col.map((v) => {
      if (v === null || v >= floor) return v;
      clipped = true;
      return floor;
    });
  }) as PanelSpec['data'];
  if (!clipped) return spec;
  const label = `1e${Math.round(Math.log10(floor))}`;
  return { ...spec, data, title: `${spec.title} — log axis floored at ${label}: lower values drawn on the floor` };
}
