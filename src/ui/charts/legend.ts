// A compact legend of the η curves (colour swatch and label) for static renders (the CLI's PNGs, the
// dashboard's PNG export), where uPlot's hover legend would only show the last cursor position.

import type { PanelSpec } from './panel-types';

/** One entry of a colour key: the curve's colour, and its dash pattern when it is an overlaid run's. */
export interface LegendItem {
  label: string;
  color: string;
  dash?: number[];
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The entries of the key: curves and points (guides only where they are not per-η), shown ones only. */
export function legendItems(spec: PanelSpec, hidden: ReadonlySet<number> = new Set()): LegendItem[] {
  const named = (s: PanelSpec['series'][number]) =>
    s.role === 'eta' || s.role === 'point' || (s.role === 'guide' && s.eta === null) || (s.label !== '' && (s.role === 'scatter' || (s.role === 'marker' && s.eta === null)));
  return [
    ...spec.series
      .filter(named)
      .filter((s) => s.eta === null || !hidden.has(s.eta))
      .map((s) => (s.dash ? { label: s.label, color: s.color, dash: s.dash } : { label: s.label, color: s.color })),
    ...(spec.vLines ?? []).map((l) => ({ label: `${l.label} = ${l.x.toPrecision(3)}`, color: l.color })),
  ];
}

export function legendHtml(spec: PanelSpec): string {
  return legendItems(spec)
    .map((s) => `<span class="bs-swatch" style="--c:${escape(s.color)}"></span>${escape(s.label)}`)
    .map((h) => `<span class="bs-legend-item">${h}</span>`)
    .join('');
}
