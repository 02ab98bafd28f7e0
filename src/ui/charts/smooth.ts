// EMA smoothing of the step charts, as TensorBoard's slider does it: each curve becomes its
// exponential moving average (debiased, so the start is not pulled towards zero), and the raw curve
// stays under it, faint. On a log y axis the average runs over log values (a geometric mean): a loss
// that falls through decades would otherwise be dragged up by its early values.

import type { Cell } from './clean';
import type { PanelSeries, PanelSpec } from './panel-types';

/** The EMA of `values` with weight `w` in [0, 1) (0: unchanged); gaps stay gaps and do not reset it. */
export function ema(values: readonly Cell[], w: number, log: boolean): Cell[] {
  if (!(w > 0)) return values.slice();
  let acc = 0;
  let norm = 0;
  return values.map((v) => {
    if (v === null || (log && !(v > 0))) return null;
    const x = log ? Math.log(v) : v;
    acc = w * acc + (1 - w) * x;
    norm = w * norm + (1 - w);
    const y = acc / norm;
    return log ? Math.exp(y) : y;
  });
}

/** The colour at 30% opacity, for the raw curve under its smoothed one. */
function faint(color: string): string {
  const m = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(color);
  return m ? `rgba(${m[1]}, ${m[2]}, ${m[3]}, 0.3)` : color;
}

/**
 * The panel with each η curve smoothed, and the raw curves added at the end (role 'raw': faint, out
 * of the legend, hidden with their η). Panels whose x is not the step are returned as they are.
 */
export function smoothPanel(spec: PanelSpec, w: number): PanelSpec {
  if (!(w > 0) || spec.xLabel !== 'step t') return spec;
  const [x, ...ys] = spec.data;
  const raw: PanelSeries[] = [];
  const rawData: Cell[][] = [];
  const data = ys.map((y, i) => {
    const s = spec.series[i];
    if (s.role !== 'eta') return y;
    raw.push({ ...s, label: `${s.label} (raw)`, color: faint(s.color), role: 'raw' });
    rawData.push(y);
    return ema(y, w, spec.yLog);
  });
  return { ...spec, data: [x, ...data, ...rawData], series: [...spec.series, ...raw] };
}
