// One chart as a standalone SVG figure, for publication: a summary of what was run, the title, the
// plot with its axes, tick labels and axis labels, and the η colour key under it (overlaid runs with
// their dash). It draws the PanelSpec the dashboard shows (same data, colours, dashes, hidden η and
// axis ranges) at any size; the dashboard rasterises the same SVG for a PNG at a chosen scale.
// Pure string building, so Node tests can read it.

import { safeRange } from './clean';
import { legendItems } from './legend';
import { fmtNum } from './format';
import type { PanelSpec } from './panel-types';
import type { Theme } from './colors';

export interface SvgFigureOptions {
  /** The figure's size in CSS px (the plot takes what the text leaves). */
  width: number;
  height: number;
  hidden?: ReadonlySet<number>;
  theme?: Theme;
  /** What was run (config, data, engine), wrapped at its ' · ' separators. */
  summary?: string;
  /** The view's ranges (a zoom, typed limits); an axis left out fits the data. */
  xRange?: [number, number];
  yRange?: [number, number];
  fontPx?: number;
}

const COLORS: Record<Theme, { bg: string; fg: string; grid: string }> = {
  light: { bg: '#ffffff', fg: '#1b1b1b', grid: '#e3e3e3' },
  dark: { bg: '#111418', fg: '#e6e6e6', grid: '#2f353d' },
};

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (v: number) => String(Math.round(v * 100) / 100);

/** About how wide a line of text is in a sans-serif font (SVG text cannot be measured without a browser). */
const textWidth = (s: string, px: number) => s.length * px * 0.56;

/** Ticks of an axis: decades on a log axis (every k-th when many), 1-2-5 steps on a linear one. */
export function axisTicks(lo: number, hi: number, log: boolean, max = 8): number[] {
  if (log) {
    const a = Math.ceil(Math.log10(lo) - 1e-9);
    const b = Math.floor(Math.log10(hi) + 1e-9);
    const k = Math.max(1, Math.ceil((b - a + 1) / max));
    const out: number[] = [];
    for (let e = a; e <= b; e += k) out.push(Number(`1e${e}`));
    return out;
  }
  const raw = (hi - lo) / Math.max(1, max - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

function tickLabel(v: number, log: boolean): string {
  const e = Math.round(Math.log10(v));
  return log && Math.abs(e) >= 3 ? `1e${e}` : fmtNum(v, 3);
}

/** The smallest and largest value of the shown series (x: all of data[0]). */
function extent(spec: PanelSpec, shown: boolean[]): { x: [number, number]; y: [number, number] } {
  let ylo = Infinity;
  let yhi = -Infinity;
  spec.series.forEach((_, k) => {
    if (!shown[k]) return;
    for (const v of spec.data[k + 1]) {
      if (v === null) continue;
      ylo = Math.min(ylo, v);
      yhi = Math.max(yhi, v);
    }
  });
  const x = spec.data[0];
  return { x: [x[0] ?? NaN, x[x.length - 1] ?? NaN], y: [ylo, yhi] };
}

/** The summary wrapped at ' · ' to fit `width`. */
function wrap(summary: string, width: number, px: number): string[] {
  const lines: string[] = [];
  for (const part of summary.split(' · ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} · ${part}`, px) <= width) lines[lines.length - 1] = `${last} · ${part}`;
    else lines.push(part);
  }
  return lines;
}

export function chartSvg(spec: PanelSpec, o: SvgFigureOptions): string {
  const px = o.fontPx ?? 12;
  const c = COLORS[o.theme ?? 'light'];
  const hidden = o.hidden ?? new Set<number>();
  const pad = 10;
  const row = Math.round(px * 1.5);
  const summary = o.summary ? wrap(o.summary, o.width - 2 * pad, px) : [];
  const titleY = pad + summary.length * row + px + 2;

  // The key under the plot, laid out in rows that fit the width.
  const key: { x: number; row: number; label: string; color: string; dash?: number[] }[] = [];
  let kx = 0;
  let krow = 0;
  for (const it of legendItems(spec, hidden)) {
    const w = 24 + textWidth(it.label, px) + 14;
    if (kx > 0 && kx + w > o.width - 2 * pad) {
      kx = 0;
      krow++;
    }
    key.push({ x: kx, row: krow, ...it });
    kx += w;
  }
  const keyH = key.length ? (krow + 1) * row + 4 : 0;

  const left = pad + Math.round(px * 5);
  const top = titleY + Math.round(px * 0.8);
  const right = o.width - pad;
  const bottom = Math.max(top + 80, o.height - pad - keyH - Math.round(px * 3.2));
  const height = bottom + Math.round(px * 3.2) + keyH + pad;

  const shown = spec.series.map((s) => !(s.eta !== null && hidden.has(s.eta)));
  const ext = extent(spec, shown);
  const [x0, x1] = o.xRange ?? safeRange(ext.x[0], ext.x[1], spec.xLog);
  const [y0, y1] = o.yRange ?? safeRange(Number.isFinite(ext.y[0]) ? ext.y[0] : null, Number.isFinite(ext.y[1]) ? ext.y[1] : null, spec.yLog);
  const f = (log: boolean) => (log ? Math.log10 : (v: number) => v);
  const fx = f(spec.xLog);
  const fy = f(spec.yLog);
  const sx = (v: number) => left + ((fx(v) - fx(x0)) / (fx(x1) - fx(x0))) * (right - left);
  const sy = (v: number) => bottom - ((fy(v) - fy(y0)) / (fy(y1) - fy(y0))) * (bottom - top);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${height}" viewBox="0 0 ${o.width} ${height}" font-family="system-ui, Helvetica, Arial, sans-serif" font-size="${px}">`);
  out.push(`<rect width="100%" height="100%" fill="${c.bg}"/>`);
  summary.forEach((line, i) => out.push(`<text x="${pad}" y="${pad + px + i * row}" fill="${c.fg}" data-role="summary">${esc(line)}</text>`));
  out.push(`<text x="${pad}" y="${titleY}" fill="${c.fg}" font-weight="600" font-size="${px + 2}">${esc(spec.title)}</text>`);

  // Grid, ticks and their labels.
  for (const t of axisTicks(x0, x1, spec.xLog, Math.max(3, Math.floor((right - left) / (px * 5))))) {
    const x = num(sx(t));
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="${c.grid}"/>`);
    out.push(`<text x="${x}" y="${bottom + px + 4}" fill="${c.fg}" text-anchor="middle">${esc(tickLabel(t, spec.xLog))}</text>`);
  }
  for (const t of axisTicks(y0, y1, spec.yLog, Math.max(3, Math.floor((bottom - top) / (px * 2.4))))) {
    const y = num(sy(t));
    out.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="${c.grid}"/>`);
    out.push(`<text x="${left - 4}" y="${num(sy(t) + px * 0.35)}" fill="${c.fg}" text-anchor="end">${esc(tickLabel(t, spec.yLog))}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="${c.fg}" stroke-width="0.8"/>`);
  out.push(`<text x="${(left + right) / 2}" y="${bottom + Math.round(px * 2.6)}" fill="${c.fg}" text-anchor="middle" data-role="x-label">${esc(spec.xLabel)}</text>`);
  const ly = (top + bottom) / 2;
  out.push(`<text x="${pad + px}" y="${ly}" fill="${c.fg}" text-anchor="middle" transform="rotate(-90 ${pad + px} ${ly})" data-role="y-label">${esc(spec.yLabel)}</text>`);

  // The curves, clipped to the plot.
  out.push(`<clipPath id="plot"><rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/></clipPath><g clip-path="url(#plot)" fill="none">`);
  const xs = spec.data[0];
  spec.series.forEach((s, k) => {
    if (!shown[k]) return;
    const ys = spec.data[k + 1];
    const pts: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const v = ys[i];
      if (v === null || (spec.xLog && !(xs[i] > 0))) continue;
      pts.push(`${num(sx(xs[i]))},${num(sy(v))}`);
    }
    if (pts.length === 0) return;
    const dash = s.role === 'guide' ? [6, 5] : s.dash;
    const dashAttr = dash ? ` stroke-dasharray="${dash.join(' ')}"` : '';
    const label = ` data-series="${esc(s.label)}"`;
    if (s.role !== 'marker') out.push(`<polyline${label} points="${pts.join(' ')}" stroke="${s.color}" stroke-width="${s.role === 'guide' || s.role === 'raw' ? 1 : 1.5}"${dashAttr}/>`);
    if (s.role === 'marker' || s.role === 'point') for (const p of pts) {
      const [cx, cy] = p.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="${s.role === 'marker' ? 5 : 4}" fill="${s.color}" stroke="${c.bg}" stroke-width="1.5"/>`);
    }
  });
  out.push('</g>');

  // The η colour key.
  const ky = bottom + Math.round(px * 3.2);
  for (const it of key) {
    const x = pad + it.x;
    const y = ky + it.row * row + row / 2;
    out.push(`<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + 20)}" y2="${num(y)}" stroke="${it.color}" stroke-width="3"${it.dash ? ` stroke-dasharray="${it.dash.join(' ')}"` : ''}/>`);
    out.push(`<text x="${num(x + 24)}" y="${num(y + px * 0.35)}" fill="${c.fg}" data-role="key">${esc(it.label)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Figures one under the other in one SVG (each figure's clip path renamed, so ids stay unique). */
export function stackSvgs(figures: readonly string[]): string {
  const sizes = figures.map((f) => {
    const m = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(f);
    return m ? [Number(m[1]), Number(m[2])] : [0, 0];
  });
  const width = Math.max(0, ...sizes.map((s) => s[0]));
  let y = 0;
  const parts = figures.map((f, i) => {
    const part = f.replace('<svg ', `<svg y="${y}" `).replace('id="plot"', `id="plot-${i}"`).replace('url(#plot)', `url(#plot-${i})`);
    y += sizes[i][1];
    return part;
  });
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">`, ...parts, '</svg>'].join('\n');
}
