// The one gate between numbers and uPlot: NaN, ±Infinity, null, undefined — and, on a log axis,
// zero and negative values — all become null (a gap), so uPlot never sees a value it cannot draw.

export type Cell = number | null;

export function clean(v: number | null | undefined, log: boolean): Cell {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  if (log && !(v > 0)) return null;
  return v;
}

/** True when every cell is null or a finite number (positive where `log`): what the tests assert. */
export function isClean(values: readonly unknown[], log: boolean): boolean {
  return values.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v) && (!log || v > 0)));
}

/**
 * A scale range for uPlot that survives empty or degenerate data: whole decades on log scales,
 * a padded interval on linear ones, and a fixed fallback when there is nothing finite to show.
 */
export function safeRange(min: number | null, max: number | null, log: boolean): [number, number] {
  const okMin = min !== null && Number.isFinite(min) && (!log || min > 0);
  const okMax = max !== null && Number.isFinite(max) && (!log || max > 0);
  if (!okMin || !okMax) return log ? [0.1, 10] : [0, 1];
  if (log) {
    const lo = 10 ** Math.floor(Math.log10(min) + 1e-9);
    let hi = 10 ** Math.ceil(Math.log10(max) - 1e-9);
    if (!(hi > lo)) hi = lo * 10;
    return [lo, hi];
  }
  if (max === min) return [min - Math.abs(min || 1) * 0.5, max + Math.abs(max || 1) * 0.5];
  const pad = (max - min) * 0.05;
  return [min - pad, max + pad];
}
