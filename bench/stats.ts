// Median, min and max of repeated timings (the report keeps all three, never a mean: one slow run
// from a page-in or a GC should not move the figure).

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  const s = samples.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], runs: s.length };
}
