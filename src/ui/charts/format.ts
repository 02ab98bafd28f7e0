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

/** η as people write it: powers of two as fractions or integers when exact. */
export function fmtEta(eta: number): string {
  if (eta > 0 && eta < 1) {
    const inv = 1 / eta;
    if (Number.isInteger(inv) && inv <= 1e6) return `1/${inv}`;
  }
  return fmtNum(eta, 4);
}

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
