// Colours for the η series: position along log η picks a colour on the viridis ramp, so neighbouring
// stepsizes get neighbouring colours and the ordering by η reads straight off the chart. Each theme
// uses only the part of viridis that stands out from its chart panel (at least 3:1 contrast, the
// WCAG figure for graphics): the dark purple end vanishes on a dark panel, the yellow end on a light one.

export type Theme = 'light' | 'dark';

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

/** The chart panel's background per theme (app.css --panel), which the ramp's span is tested against. */
export const PANEL_BACKGROUND: Record<Theme, string> = { light: '#f5f6f8', dark: '#1b1f24' };

/** The part of viridis each theme uses (tests/unit/chart-colors.test.ts checks the contrast). */
export const RAMP_SPAN: Record<Theme, [number, number]> = { light: [0, 0.55], dark: [0.4, 1] };

/** Colour at t in [0, 1] along the theme's span of the ramp. */
export function ramp(t: number, theme: Theme = 'light'): string {
  const [a, b] = RAMP_SPAN[theme];
  const v = a + (b - a) * Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1);
  const u = v * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(u), VIRIDIS.length - 2);
  const f = u - i;
  const c = VIRIDIS[i].map((x, j) => Math.round(x + (VIRIDIS[i + 1][j] - x) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The colour of stepsize `eta` among `etas`, evenly along log η (one η gets the middle colour). */
export function etaColor(eta: number, etas: readonly number[], theme: Theme = 'light'): string {
  const logs = etas.filter((e) => e > 0).map(Math.log);
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  if (!(hi > lo)) return ramp(0.5, theme);
  return ramp((Math.log(eta) - lo) / (hi - lo), theme);
}

/** WCAG contrast ratio of two colours given as rgb(r, g, b) or #rrggbb. */
export function contrastRatio(a: string, b: string): number {
  const lum = (css: string) => {
    const hex = /^#([0-9a-f]{6})$/i.exec(css);
    const rgb = hex ? [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) : (css.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    const [r, g, bl] = rgb.map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** Fixed colours for guides that are not tied to one η. */
export const GUIDE_COLOR = 'rgba(120, 120, 120, 0.9)';
