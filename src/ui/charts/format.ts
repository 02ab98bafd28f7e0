// Short number formats for legends, tables and axis ticks: enough digits to compare η and losses
// that span many decades, never "NaN" or "Infinity" on screen.

export function fmtNum(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(digits - 1).replace('e+', 'e');
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}

/** η written as a fraction 1/k: exact reciprocals of integers below 1. */
function reciprocal(eta: number): number | null {
  if (!(eta > 0 && eta < 1)) return null;
  const inv = 1 / eta;
  return Number.isInteger(inv) && inv <= 1e6 ? inv : null;
}

/** Whether every η of a sweep reads exactly as an integer or 1/k (memoized per list). */
const fractionable = new WeakMap<readonly number[], boolean>();
function allFractions(etas: readonly number[]): boolean {
  let ok = fractionable.get(etas);
  if (ok === undefined) {
    ok = etas.every((e) => (e >= 1 && Number.isInteger(e)) || reciprocal(e) !== null);
    fractionable.set(etas, ok);
  }
  return ok;
}

/**
 * η in one form across a sweep (`among`, its η list): 1/64, 1/4, 1, 8 when every η is an integer or
 * an exact 1/k; otherwise decimals for all (0.02, 0.0707, 0.25), never "1/50" beside "0.07".
 */
export function fmtEta(eta: number, among: readonly number[] = [eta]): string {
  const inv = reciprocal(eta);
  if (inv !== null && allFractions(among)) return `1/${inv}`;
  return fmtNum(eta, 3);
}

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
