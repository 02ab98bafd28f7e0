// Colours for the η series: position along log η picks a colour on the viridis ramp, so neighbouring
// stepsizes get neighbouring colours and the ordering by η reads straight off the chart.

const VIRIDIS: [number, number, number][] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [180, 222, 44],
  [253, 231, 37],
];

/** Colour at t in [0, 1] on the ramp (stops at 0.9 so the last colour stays readable on white). */
export function ramp(t: number): string {
  const u = Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1) * 0.9 * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(u), VIRIDIS.length - 2);
  const f = u - i;
  const c = VIRIDIS[i].map((v, j) => Math.round(v + (VIRIDIS[i + 1][j] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The colour of stepsize `eta` among `etas`, evenly along log η (one η gets the middle colour). */
export function etaColor(eta: number, etas: readonly number[]): string {
  const logs = etas.filter((e) => e > 0).map(Math.log);
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  if (!(hi > lo)) return ramp(0.5);
  return ramp((Math.log(eta) - lo) / (hi - lo));
}

/** Fixed colours for guides that are not tied to one η. */
export const GUIDE_COLOR = 'rgba(120, 120, 120, 0.9)';
