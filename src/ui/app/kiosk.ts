// Kiosk mode: presets cycle forever with no input, type and charts sized to the screen so a 1080p
// screen shows all main charts of a preset at once.

import { presetRaw } from '../../core/presets';
import type { BsChart } from '../components/bs-chart';
import type { RunHandle } from '../run/runner';
import { formFromRaw, type FormState } from '../state/form-model';
import type { KioskParams } from '../state/url-state';
import type { LivePacer } from './run-pacing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the kiosk cycle drives: the dashboard's form, preset and runs. */
export interface KioskHost {
  preset: string;
  form: FormState;
  readonly dataset: DOMStringMap;
  readonly live: LivePacer;
  readonly handle: RunHandle | null;
  run(opts: { save: boolean }): Promise<void>;
}

/** Cycles presets forever with no input; an error or a stalled run moves on after the dwell. */
export async function kioskLoop(host: KioskHost, k: KioskParams): Promise<void> {
  for (let i = 0; ; i++) {
    const name = k.cycle[i % k.cycle.length];
    host.preset = name;
    host.form = formFromRaw(presetRaw(name, k.quick));
    host.dataset.kioskPreset = name;
    host.dataset.kioskCount = String(i + 1);
    const watchdog = setInterval(() => {
      // A run that reports nothing for two minutes (a hung device) is stopped so the cycle goes on.
      if (host.handle && performance.now() - host.live.lastLive > 120_000) host.handle.stop();
    }, 10_000);
    try {
      host.live.lastLive = performance.now();
      await host.run({ save: false });
    } finally {
      clearInterval(watchdog);
    }
    host.dataset.kioskDone = String(i + 1);
    await sleep(k.dwellSeconds * 1000);
  }
}

/** Kiosk type and chart sizes from the screen: columns by width, type by the smaller side. */
export function kioskLayout(viewport: { width: number; height: number }): { columns: number; fontPx: number } {
  const { width, height } = viewport;
  const columns = width >= 1400 ? 3 : width >= 900 ? 2 : 1;
  return { columns, fontPx: Math.round(Math.min(22, Math.max(12, Math.min(width / 100, height / 56)))) };
}

/**
 * Kiosk on a wide screen: the plot height that fits every main chart below the table, measured
 * from the page as laid out (a phone scrolls through the charts instead, each a fixed share of it);
 * null before the first chart is drawn (nothing to measure yet).
 */
export function kioskPlotHeight(root: HTMLElement, viewport: { width: number; height: number }): number | null {
  const { columns } = kioskLayout(viewport);
  const { width, height } = viewport;
  const charts = [...root.querySelectorAll<BsChart>('bs-chart')];
  let target: number;
  if (columns === 1 || charts.length === 0) target = Math.round(Math.min(height * 0.45, width * 0.7));
  else {
    // The title bar and padding around a drawn plot; nothing to measure before the first one is drawn.
    const plot = charts[0].uplot;
    if (!plot) return null;
    const overhead = charts[0].offsetHeight - plot.height;
    const rows = Math.ceil(charts.length / columns);
    const top = root.querySelector('.bs-charts')!.getBoundingClientRect().top + scrollY;
    const gap = 12;
    target = Math.floor((height - top - 8 - (rows - 1) * gap) / rows) - overhead;
  }
  return Math.min(Math.max(140, target), height);
}
