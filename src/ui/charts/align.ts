// uPlot wants one shared x array and one y array per series. Runs of a sweep share their recorded
// steps, but a cancelled or live run is shorter and markers add steps of their own, so the x axis is
// the sorted union, and each series is looked up by step (null where it has no value). Long series
// are thinned before anything is copied; step-panels.ts then gathers only the kept points.

/** Same steps, element by element (or the very same array). */
export function sameSteps(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Sorted, de-duplicated union of steps (only x > 0 when `log`: log axes cannot show step 0). */
export function unionSteps(lists: readonly (readonly number[])[], log: boolean): number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  // The usual case: every run recorded the same steps; no set or sort over millions of entries.
  const base = nonEmpty.reduce<readonly number[]>((a, b) => (b.length > a.length ? b : a), []);
  const extra = nonEmpty.every((l) => l.length <= 64 || sameSteps(l, base)) ? nonEmpty.filter((l) => l.length <= 64 && !sameSteps(l, base)) : null;
  let all: number[];
  if (extra) {
    const add = new Set<number>();
    for (const l of extra) for (const s of l) add.add(s);
    all = base.slice();
    if (add.size > 0) all = [...new Set([...all, ...add])].sort((a, b) => a - b);
  } else {
    const set = new Set<number>();
    for (const l of nonEmpty) for (const s of l) set.add(s);
    all = [...set].sort((a, b) => a - b);
  }
  return all.filter((s) => Number.isFinite(s) && (!log || s > 0));
}

/** For each entry of `steps` (ascending), its index in `x` (ascending), or −1. One merge pass. */
export function positions(x: readonly number[], steps: readonly number[]): Int32Array {
  const pos = new Int32Array(steps.length).fill(-1);
  let j = 0;
  for (let i = 0; i < steps.length && j < x.length; i++) {
    while (j < x.length && x[j] < steps[i]) j++;
    if (j < x.length && x[j] === steps[i]) pos[i] = j;
  }
  return pos;
}

/**
 * Indices of at most about `maxPoints` x values, spread evenly in (log) x, always keeping the first,
 * the last and every index in `keep` (markers). Each bucket keeps the point of largest `score`, so
 * the spikes of the edge-of-stability phase survive the thinning.
 */
export function thinIndices(x: readonly number[], maxPoints: number, log: boolean, keep: ReadonlySet<number> = new Set(), score?: ArrayLike<number>): number[] {
  if (x.length <= maxPoints) return x.map((_, i) => i);
  const t = (v: number) => (log ? Math.log(v) : v);
  const lo = t(x[0]);
  const span = t(x[x.length - 1]) - lo || 1;
  const best = new Int32Array(maxPoints).fill(-1);
  for (let i = 0; i < x.length; i++) {
    const b = Math.min(maxPoints - 1, Math.floor(((t(x[i]) - lo) / span) * maxPoints));
    const cur = best[b];
    if (cur < 0 || (score && score[i] > score[cur])) best[b] = i;
  }
  const chosen = new Set<number>([0, x.length - 1, ...keep]);
  for (const i of best) if (i >= 0) chosen.add(i);
  return [...chosen].filter((i) => i >= 0 && i < x.length).sort((a, b) => a - b);
}

export function pick<T>(values: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => values[i]);
}
