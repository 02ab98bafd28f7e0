// The browser half of the chart module: puts a PanelSpec on screen with uPlot, and updates it in
// place. Live runs call update() with new data of the same shape, which is cheap (setData); a change
// of shape (more runs, other axes) rebuilds the plot.

import uPlot from 'uplot';
import type { PanelSpec } from './panel-types';
import { uplotOptions, type ViewOptions } from './uplot-options';

export interface MountedChart {
  update(spec: PanelSpec): void;
  setHidden(hidden: ReadonlySet<number>): void;
  resize(width: number, height: number): void;
  /** The plot's canvas (axes and curves), for PNG export. */
  canvas(): HTMLCanvasElement;
  /** The uPlot instance (cursor, scales), for tests and exports. */
  plot(): uPlot;
  destroy(): void;
}

function shapeKey(spec: PanelSpec): string {
  return `${spec.id}|${spec.xLog}|${spec.yLog}|${spec.series.map((s) => `${s.role}:${s.label}`).join(',')}`;
}

export function mountChart(el: HTMLElement, spec: PanelSpec, view: ViewOptions): MountedChart {
  let current = spec;
  let opts = view;
  let plot = new uPlot(uplotOptions(spec, opts), spec.data, el);
  let key = shapeKey(spec);
  const rebuild = () => {
    plot.destroy();
    plot = new uPlot(uplotOptions(current, opts), current.data, el);
    key = shapeKey(current);
  };
  return {
    update(next) {
      current = next;
      if (shapeKey(next) === key) plot.setData(next.data);
      else rebuild();
    },
    setHidden(hidden) {
      opts = { ...opts, hidden };
      current.series.forEach((s, i) => {
        const show = !(s.eta !== null && hidden.has(s.eta));
        if (plot.series[i + 1]?.show !== show) plot.setSeries(i + 1, { show });
      });
    },
    resize(width, height) {
      opts = { ...opts, width, height };
      plot.setSize({ width, height });
    },
    canvas: () => plot.ctx.canvas,
    plot: () => plot,
    destroy: () => plot.destroy(),
  };
}
