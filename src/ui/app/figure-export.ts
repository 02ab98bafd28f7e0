// Export PNG: the charts on view as one picture, with a line on what was run on top.

import type { BsChart, FigureSize } from '../components/bs-chart';
import { stackSvgs } from '../charts/chart-svg';
import { legendItems } from '../charts/legend';
import { exportFigurePng, exportPng } from '../export';

export function exportChartsPng(root: HTMLElement, name: string, summary: string, figure: FigureSize, hiddenEtas: Set<number>): void {
  const charts = [...root.querySelectorAll<BsChart>('bs-chart')].filter((c) => c.canvas && c.spec);
  const f = figure;
  if (f.width !== null || f.height !== null || f.scale !== 1) {
    // A figure size or scale is set: every chart as that figure, one under the other, what was run on top.
    const svgs = charts.map((c, i) => c.figureSvg(i === 0)).filter((s): s is string => s !== null);
    void exportFigurePng(name, stackSvgs(svgs), f.scale);
    return;
  }
  const style = getComputedStyle(document.body);
  void exportPng(name, summary, charts.map((c) => ({ title: c.spec!.title, canvas: c.canvas!, legend: legendItems(c.spec!, hiddenEtas) })), style.backgroundColor, style.color);
}
