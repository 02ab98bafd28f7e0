// A PanelSpec in, uPlot options out: scales (log or linear, ranges that survive empty data),
// series styles by role, axes with short tick labels, the shared cursor sync key, and the theme.
// No uPlot value import here, so this stays a pure function that Node tests can call.

import type uPlot from 'uplot';
import { safeRange } from './clean';
import { fmtNum } from './format';
import type { PanelSpec } from './panel-types';
import { tooltipPlugin } from './tooltip';

import type { Theme } from './colors';
export type { Theme };

export interface ViewOptions {
  width: number;
  height: number;
  /** η values whose curves, guides and markers are hidden. */
  hidden?: ReadonlySet<number>;
  /** Charts with the same key share their cursor (hovering one shows the same step on all). */
  syncKey?: string;
  theme?: Theme;
  /** uPlot's hover legend (off for static renders, where it would show no values). */
  legend?: boolean;
  /** Larger type (kiosk mode). */
  fontPx?: number;
  /**
   * Called when a legend entry of an η is clicked, instead of uPlot hiding it on this chart only:
   * the dashboard keeps one show/hide state for the table and every chart.
   */
  onToggleEta?: (eta: number) => void;
  /**
   * Fixed axis ranges (typed limits, or a zoom restored from a link), read whenever the plot scales
   * itself to its data; the owner changes it in place, so a live update keeps the view.
   */
  fixed?: { x?: [number, number]; y?: [number, number] };
  /** Called when the x range changes by hand (drag-zoom here or on a synced chart: the range; a double-click back to the data: null). */
  onZoom?: (range: [number, number] | null) => void;
}

const THEMES: Record<Theme, { axis: string; grid: string }> = {
  light: { axis: '#333', grid: 'rgba(0, 0, 0, 0.08)' },
  dark: { axis: '#ddd', grid: 'rgba(255, 255, 255, 0.12)' },
};

function seriesOptions(spec: PanelSpec, hidden: ReadonlySet<number>): uPlot.Series[] {
  return spec.series.map((s) => {
    const show = !(s.eta !== null && hidden.has(s.eta));
    const base: uPlot.Series = { label: s.label, stroke: s.color, show, value: (_u, v) => fmtNum(v, 4) };
    switch (s.role) {
      case 'eta':
        return { ...base, width: 1.5, dash: s.dash, spanGaps: true, points: { show: false } };
      case 'guide':
        return { ...base, width: 1, dash: [6, 5], spanGaps: true, points: { show: false } };
      case 'marker':
        // Isolated points: no line at all, a big dot where the value is.
        return { ...base, width: 0, paths: () => null, points: { show: true, size: 10, fill: s.color, stroke: '#fff', width: 1.5 } };
      case 'raw':
        return { ...base, width: 1, dash: s.dash, spanGaps: true, points: { show: false } };
      case 'point':
        return { ...base, width: 1.5, dash: s.dash, spanGaps: true, points: { show: true, size: 8, fill: s.color } };
      case 'scatter':
        return { ...base, width: 0, paths: () => null, points: { show: true, size: 3, fill: s.color, stroke: s.color, width: 0 } };
    }
  });
}

/** The CSS border style nearest a dash pattern (the legend's markers are borders). */
function legendDash(dash: number[] | undefined): string {
  if (!dash || dash.length === 0) return 'solid';
  return Math.max(...dash) <= 3 ? 'dotted' : 'dashed';
}

/** Tick labels: decades as 1e-4 on log axes, the in-between ticks blank when they would crowd. */
function fmtTick(v: number | null, log: boolean, count: number): string {
  if (v === null || !Number.isFinite(v)) return '';
  if (!log) return fmtNum(v, 3);
  const e = Math.log10(v);
  const decade = Math.abs(e - Math.round(e)) < 1e-6;
  if (!decade) return count > 8 ? '' : fmtNum(v, 2);
  return Math.abs(Math.round(e)) >= 3 ? `1e${Math.round(e)}` : fmtNum(v, 3);
}

/** At most `max` of the non-empty labels, every k-th one, so a span of many decades never crowds. */
export function thinLabels(labels: string[], max: number): string[] {
  const shown = labels.filter((l) => l !== '').length;
  if (shown <= max) return labels;
  const k = Math.ceil(shown / max);
  let n = 0;
  return labels.map((l) => (l === '' ? l : n++ % k === 0 ? l : ''));
}

export function uplotOptions(spec: PanelSpec, view: ViewOptions): uPlot.Options {
  const theme = THEMES[view.theme ?? 'light'];
  const font = `${view.fontPx ?? 12}px system-ui, sans-serif`;
  // The y axis needs room for tick labels like 0.0154 beside it; the x axis only one line of ticks and its label.
  const axis = (label: string, log: boolean, sizeEm: number): uPlot.Axis => ({
    label,
    stroke: theme.axis,
    font,
    labelFont: font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    // Log axes get only decade labels when they would crowd.
    // At most one label per ~2.4 lines of type up the y axis and per ~4 em along the x axis.
    values: (u, splits, axisIdx) => {
      const px = view.fontPx ?? 12;
      const max = Math.max(3, Math.floor(axisIdx === 0 ? u.width / (px * 4) : u.height / (px * 2.4)));
      return thinLabels(splits.map((v) => fmtTick(v, log, splits.length)), max);
    },
    size: Math.round((view.fontPx ?? 12) * sizeEm),
  });
  const hiddenRoles = spec.series.map((s) => s.role === 'guide' || s.role === 'marker' || s.role === 'raw' || s.role === 'scatter');
  const fixed = view.fixed ?? {};
  // What the data alone asks of the x scale: a range other than this (or the fixed one) is a zoom.
  let autoX: [number, number] = [NaN, NaN];
  const zoomHooks: Partial<uPlot.Hooks.Arrays> = view.onZoom
    ? {
        setScale: [
          (u, key) => {
            if (key !== 'x') return;
            const { min, max } = u.scales.x;
            if (min === undefined || max === undefined || min === null || max === null) return;
            const zoomed = !(min === autoX[0] && max === autoX[1]);
            const was = fixed.x;
            if (zoomed ? !was || was[0] !== min || was[1] !== max : was !== undefined) view.onZoom!(zoomed ? [min, max] : null);
          },
        ],
        ready: [
          // A double-click goes back to the data's range: the fixed x range goes first (capture phase, before uPlot's handler).
          (u) => u.root.addEventListener('dblclick', () => {
            if (fixed.x) {
              fixed.x = undefined;
              view.onZoom!(null);
            }
          }, { capture: true }),
        ],
      }
    : {};
  return {
    width: view.width,
    height: view.height,
    scales: {
      x: {
        distr: spec.xLog ? 3 : 1,
        // uPlot asks for the x range with the data's first and last x when it fits the data, and with
        // the selection's ends when the view is zoomed: only the first gives way to a fixed range.
        range: (u, min, max) => {
          const xs = u.data?.[0] ?? [];
          const r = safeRange(min, max, spec.xLog);
          if (xs.length > 0 && !(min === xs[0] && max === xs[xs.length - 1])) return r;
          autoX = r;
          return fixed.x ? [...fixed.x] : r;
        },
      },
      y: { distr: spec.yLog ? 3 : 1, range: (_u, min, max) => (fixed.y ? [...fixed.y] : safeRange(min, max, spec.yLog)) },
    },
    series: [{ label: spec.xLabel, value: (_u, v) => fmtNum(v, 6) }, ...seriesOptions(spec, view.hidden ?? new Set())],
    axes: [axis(spec.xLabel, spec.xLog, 3.4), axis(spec.yLabel, spec.yLog, 4.5)],
    cursor: {
      sync: view.syncKey ? { key: view.syncKey, setSeries: false } : undefined,
      points: { size: 6 },
      drag: { x: true, y: false },
      // The curve nearest the cursor stays bright, the others dim (live charts only).
      focus: { prox: view.legend === false ? -1 : 24 },
    },
    focus: { alpha: 0.35 },
    plugins: view.legend === false ? [] : [tooltipPlugin(spec)],
    // An overlaid run's entries show its line style: dotted for the first, dashed for the others.
    legend: { show: view.legend ?? true, live: true, markers: { dash: (_u, i) => legendDash(spec.series[i - 1]?.dash) } },
    hooks: {
      ...zoomHooks,
      draw: [(u) => drawVLines(u, spec)],
      // The legend lists curves only: guides and markers share their η's colour and would double it.
      init: [
        (u) => {
          const rows = u.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
          hiddenRoles.forEach((hide, i) => {
            const row = rows[i + 1];
            if (hide && row) row.style.display = 'none';
          });
          const toggle = view.onToggleEta;
          if (!toggle) return;
          spec.series.forEach((s, i) => {
            const row = rows[i + 1];
            const eta = s.eta;
            if (!row || eta === null) return;
            // Capture phase: runs before uPlot's own click handler on the label, which it then never sees.
            row.addEventListener('click', (e) => {
              e.stopPropagation();
              toggle(eta);
            }, { capture: true });
          });
        },
      ],
    },
  };
}

/** The spec's vertical reference lines, dashed, over the plotting area (none outside the x range). */
function drawVLines(u: uPlot, spec: PanelSpec): void {
  if (!spec.vLines?.length) return;
  const ctx = u.ctx;
  const { top, height } = u.bbox;
  ctx.save();
  ctx.setLineDash([6, 5]);
  ctx.lineWidth = 1.5 * devicePixelRatioOf();
  for (const line of spec.vLines) {
    const px = u.valToPos(line.x, 'x', true);
    if (!Number.isFinite(px) || px < u.bbox.left || px > u.bbox.left + u.bbox.width) continue;
    ctx.strokeStyle = line.color;
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, top + height);
    ctx.stroke();
  }
  ctx.restore();
}

function devicePixelRatioOf(): number {
  return typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
}
