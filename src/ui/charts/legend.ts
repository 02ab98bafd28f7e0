// A compact legend of the η curves (colour swatch and label) for static renders, where uPlot's
// hover legend would only show the last cursor position.

import type { PanelSpec } from './panel-types';

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function legendHtml(spec: PanelSpec): string {
  return spec.series
    .filter((s) => s.role === 'eta' || s.role === 'point' || (s.role === 'guide' && s.eta === null))
    .map((s) => `<span class="bs-swatch" style="--c:${escape(s.color)}"></span>${escape(s.label)}`)
    .map((h) => `<span class="bs-legend-item">${h}</span>`)
    .join('');
}
