// One chart's data as CSV: the x column, then one column per series (curves, guides, markers) under
// its legend label, empty where the series has no point. What a chart's "CSV" button downloads.

import type { PanelSpec } from './panel-types';

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function chartCsv(spec: PanelSpec): string {
  const header = [spec.xLabel, ...spec.series.map((s) => s.label)].map(quote).join(',');
  const [x, ...ys] = spec.data;
  const rows = x.map((xi, i) => [xi, ...ys.map((y) => y[i])].map((v) => (v === null || v === undefined ? '' : String(v))).join(','));
  return [header, ...rows].join('\n') + '\n';
}
