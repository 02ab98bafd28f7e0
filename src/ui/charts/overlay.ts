// Several sweeps on one chart: the current sweep's panels with the curves of other runs (a past
// sweep, the same sweep on the CPU) laid over them. Each overlaid run keeps its η colours and gets a
// dash pattern of its own, so colour still reads as η and the line style says which run it is; its
// labels carry the run's name (legend, tooltip, CSV and the PNG/SVG keys). Guides and markers stay
// the current sweep's only: the same η has the same 1/η line in every run.

import { positions } from './align';
import type { Cell } from './clean';
import type { PanelSeries, PanelSpec } from './panel-types';

/**
 * Dash patterns (px on, px off) for overlaid runs, in the order they were added; the current run is
 * solid. None is the guides' even dash (6, 5), which marks 1/η and 2/η lines.
 */
export const OVERLAY_DASHES: readonly (readonly number[])[] = [
  [2, 3],
  [10, 3, 2, 3],
  [16, 5],
  [10, 3, 2, 3, 2, 3],
];

export function overlayDash(index: number): number[] {
  return [...OVERLAY_DASHES[index % OVERLAY_DASHES.length]];
}

export interface OverlayRun {
  /** What the legend calls the run (its saved name). */
  name: string;
  dash: number[];
  /** That run's panels, built with the same options as the current ones. */
  panels: readonly PanelSpec[];
}

/** The curves of a panel that an overlay brings (guides, markers and raw copies stay behind). */
const isCurve = (s: PanelSeries) => s.role === 'eta' || s.role === 'point';

/** The x values of both, sorted, without repeats. */
function mergeX(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/** A column moved from x `from` onto x `to` (a superset of it), null where it had no point. */
function realign(col: readonly Cell[], from: readonly number[], to: readonly number[], pos: Int32Array = positions(to, from)): Cell[] {
  const out = new Array<Cell>(to.length).fill(null);
  for (let i = 0; i < from.length; i++) if (pos[i] >= 0) out[pos[i]] = col[i];
  return out;
}

/** `spec` with the curves of each overlay's panel of the same id added (dashed, named); unchanged when none has it. */
export function overlayPanel(spec: PanelSpec, overlays: readonly OverlayRun[]): PanelSpec {
  const adds = overlays
    .map((o) => ({ o, p: o.panels.find((p) => p.id === spec.id && p.xLog === spec.xLog) }))
    .filter((a): a is { o: OverlayRun; p: PanelSpec } => a.p !== undefined);
  if (adds.length === 0) return spec;
  let x = spec.data[0];
  for (const { p } of adds) x = mergeX(x, p.data[0]);
  const own = spec.data[0];
  const ownPos = positions(x, own);
  const series: PanelSeries[] = [...spec.series];
  const data: Cell[][] = spec.data.slice(1).map((col) => realign(col, own, x, ownPos));
  for (const { o, p } of adds) {
    const pos = positions(x, p.data[0]);
    p.series.forEach((s, k) => {
      if (!isCurve(s)) return;
      series.push({ ...s, label: `${s.label} · ${o.name}`, dash: o.dash, run: o.name });
      data.push(realign(p.data[k + 1], p.data[0], x, pos));
    });
  }
  return { ...spec, data: [x, ...data], series };
}

export function overlayPanels(panels: readonly PanelSpec[], overlays: readonly OverlayRun[]): PanelSpec[] {
  return overlays.length === 0 ? [...panels] : panels.map((p) => overlayPanel(p, overlays));
}
