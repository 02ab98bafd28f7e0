// Downloads: the results JSON (the same bigstep.results/1 the CLI writes), the tidy CSV (the CLI's
// own writer) and a PNG of the charts on screen, composed from the uPlot canvases with their titles.

import type { Results } from '../core/results';
import { resultsToCsv } from '../core/results-csv';

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

export function exportJson(results: Results): void {
  download(`${safeFileName(results.config.name)}.results.json`, new Blob([JSON.stringify(results)], { type: 'application/json' }));
}

export function exportCsv(results: Results): void {
  download(`${safeFileName(results.config.name)}.results.csv`, new Blob([resultsToCsv(results)], { type: 'text/csv' }));
}

/** Stacks the given charts (title + canvas) into one image on the page's background colour. */
export async function exportPng(name: string, charts: { title: string; canvas: HTMLCanvasElement }[], background: string, color: string): Promise<void> {
  const pad = 10;
  const titleH = 24;
  const width = Math.max(...charts.map((c) => c.canvas.width), 200) + 2 * pad;
  const height = charts.reduce((h, c) => h + titleH + c.canvas.height + pad, pad);
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  let y = pad;
  for (const c of charts) {
    ctx.fillStyle = color;
    ctx.font = '600 15px system-ui, sans-serif';
    ctx.fillText(c.title, pad, y + 16);
    ctx.drawImage(c.canvas, pad, y + titleH);
    y += titleH + c.canvas.height + pad;
  }
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (blob) download(`${safeFileName(name)}.png`, blob);
}
