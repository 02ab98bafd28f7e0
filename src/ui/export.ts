// Downloads: the results JSON (the same bigstep.results/1 the CLI writes), the tidy CSV (the CLI's
// own writer) and a PNG of the charts on screen, composed from the uPlot canvases with their titles
// and an η colour key under each.

import type { Results } from '../core/results';
import { resultsToCsv } from '../core/results-csv';
import type { LegendItem } from './charts/legend';

export function safeFileName(s: string): string {
  return s.replace(/[^A-Za-z0-9=._-]+/g, '_') || 'bigstep';
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** One chart's data (x and every series, as drawn) as CSV. */
export function exportChartCsv(name: string, csv: string): void {
  download(`${safeFileName(name)}.csv`, new Blob([csv], { type: 'text/csv' }));
}

export function exportJson(results: Results): void {
  download(`${safeFileName(results.config.name)}.results.json`, new Blob([JSON.stringify(results)], { type: 'application/json' }));
}

export function exportCsv(results: Results): void {
  download(`${safeFileName(results.config.name)}.results.csv`, new Blob([resultsToCsv(results)], { type: 'text/csv' }));
}

export interface ExportChart {
  title: string;
  canvas: HTMLCanvasElement;
  /** The colour key drawn under the chart: one swatch and label per shown η (or point series); overlaid runs' dashed. */
  legend: LegendItem[];
}

const SWATCH_W = 16;
const SWATCH_H = 8;

/**
 * Stacks the given charts (title, canvas, colour key) into one image on the page's background
 * colour, under a line that says what was run. The key matters: a PNG has no hover legend.
 */
export function composePng(summary: string, charts: ExportChart[], background: string, color: string): HTMLCanvasElement {
  const pad = 10;
  const titleH = 24;
  const rowH = 18;
  const width = Math.max(...charts.map((c) => c.canvas.width), 400) + 2 * pad;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d')!;
  const font = '13px system-ui, sans-serif';
  // Lay the keys out first (they wrap to the width), then size the canvas, then draw.
  ctx.font = font;
  const keys = charts.map((c) => {
    const items: (LegendItem & { x: number; row: number })[] = [];
    let x = 0;
    let row = 0;
    for (const item of c.legend) {
      // Whole pixels, so every swatch is a solid block (no blended edges).
      const w = Math.ceil(SWATCH_W + 4 + ctx.measureText(item.label).width + 14);
      if (x > 0 && x + w > width - 2 * pad) {
        x = 0;
        row++;
      }
      items.push({ x, row, ...item });
      x += w;
    }
    return { items, rows: c.legend.length ? row + 1 : 0 };
  });
  // The summary wraps at its ' · ' separators to the image's width.
  const summaryLines: string[] = [];
  for (const part of summary.split(' · ')) {
    const last = summaryLines[summaryLines.length - 1];
    if (last !== undefined && ctx.measureText(`${last} · ${part}`).width <= width - 2 * pad) summaryLines[summaryLines.length - 1] = `${last} · ${part}`;
    else summaryLines.push(part);
  }
  const headH = summaryLines.length * rowH + 4;
  const height = charts.reduce((h, c, i) => h + titleH + c.canvas.height + keys[i].rows * rowH + pad, pad + headH);
  out.width = width;
  out.height = height;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = color;
  ctx.font = font;
  summaryLines.forEach((line, i) => ctx.fillText(line, pad, pad + 13 + i * rowH));
  let y = pad + headH;
  charts.forEach((c, i) => {
    ctx.fillStyle = color;
    ctx.font = '600 15px system-ui, sans-serif';
    ctx.fillText(c.title, pad, y + 16);
    ctx.drawImage(c.canvas, pad, y + titleH);
    y += titleH + c.canvas.height;
    ctx.font = font;
    for (const it of keys[i].items) {
      const top = y + 4 + it.row * rowH;
      if (it.dash) {
        // An overlaid run's curve: its dash pattern, as on the chart.
        ctx.strokeStyle = it.color;
        ctx.lineWidth = 2;
        ctx.setLineDash(it.dash);
        ctx.beginPath();
        ctx.moveTo(pad + it.x, top + 7);
        ctx.lineTo(pad + it.x + SWATCH_W, top + 7);
        ctx.stroke();
        ctx.setLineDash([]);
      } else {
        ctx.fillStyle = it.color;
        ctx.fillRect(pad + it.x, top + 3, SWATCH_W, SWATCH_H);
      }
      ctx.fillStyle = color;
      ctx.fillText(it.label, pad + it.x + SWATCH_W + 4, top + 12);
    }
    y += keys[i].rows * rowH + pad;
  });
  return out;
}

export async function exportPng(name: string, summary: string, charts: ExportChart[], background: string, color: string): Promise<void> {
  const out = composePng(summary, charts, background, color);
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (blob) download(`${safeFileName(name)}.png`, blob);
}

/** A chart figure as SVG (chart-svg.ts). */
export function exportSvg(name: string, svg: string): void {
  download(`${safeFileName(name)}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
}

/**
 * The same SVG figure as a PNG, `scale` device pixels per CSS pixel: the browser rasterises the
 * vector figure at the output size, so a 3× PNG is sharp, not an enlarged screen capture.
 */
export async function svgToPng(svg: string, scale: number): Promise<Blob> {
  const size = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!size) throw new Error('the figure has no size');
  const [w, h] = [Number(size[1]), Number(size[2])];
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the browser made no PNG');
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function exportFigurePng(name: string, svg: string, scale: number): Promise<void> {
  download(`${safeFileName(name)}.png`, await svgToPng(svg, scale));
}
