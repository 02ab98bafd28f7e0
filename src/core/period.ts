// The late behaviour of a run that does not converge to zero loss (non-separable or ℓ2-regularised
// data): does the sequence settle on a fixed point (period 1), a cycle of period 2, 4, …, or on no
// short cycle at all (chaotic, or still far from settled)? Read over the last window of consecutive steps.

/** The longest cycle looked for, and the window: the last PERIOD_WINDOW consecutive values. */
export const MAX_PERIOD = 32;
export const PERIOD_WINDOW = 4 * MAX_PERIOD;
/** Values within this relative distance of each other count as equal (float64 iterates settle far closer). */
export const PERIOD_TOLERANCE = 1e-6;

/**
 * 1 when the window is monotone (a run still approaching its limit, e.g. the loss falling to 0 on
 * separable data) or constant to tol; otherwise the smallest p in 2, 4, …, MAX_PERIOD with
 * |v[i] − v[i+p]| ≤ tol·max|v| over the whole window, or 0 when there is none (no short cycle:
 * chaotic, or not settled yet). Null when the window holds a non-finite value or is too short.
 */
export function detectPeriod(values: ArrayLike<number>, tol = PERIOD_TOLERANCE): number | null {
  if (values.length < PERIOD_WINDOW) return null;
  const w = Array.from(values).slice(-PERIOD_WINDOW);
  if (!w.every(Number.isFinite)) return null;
  const scale = Math.max(...w.map(Math.abs)) || 1;
  if (w.every((v, i) => i === 0 || v <= w[i - 1]) || w.every((v, i) => i === 0 || v >= w[i - 1])) return 1;
  for (let p = 1; p <= MAX_PERIOD; p *= 2) {
    let ok = true;
    for (let i = 0; i + p < w.length && ok; i++) ok = Math.abs(w[i] - w[i + p]) <= tol * scale;
    if (ok) return p;
  }
  return 0;
}

/**
 * The period of a recorded series' tail: the last PERIOD_WINDOW values, provided their steps are
 * consecutive (the record cadence's dense part, `record.denseUntil` ≥ the run's steps); null otherwise.
 */
export function latePeriod(steps: ArrayLike<number>, values: ArrayLike<number>): number | null {
  const n = steps.length;
  if (n < PERIOD_WINDOW || steps[n - 1] - steps[n - PERIOD_WINDOW] !== PERIOD_WINDOW - 1) return null;
  return detectPeriod(Array.from(values).slice(n - PERIOD_WINDOW));
}

/** A run's late behaviour as a word: the phase diagram's classes. */
export function phaseOf(status: string, period: number | null): 'diverged' | 'converged' | 'cycle' | 'chaotic' | 'unknown' {
  if (status === 'diverged') return 'diverged';
  if (period === null) return 'unknown';
  if (period === 1) return 'converged';
  return period === 0 ? 'chaotic' : 'cycle';
}
