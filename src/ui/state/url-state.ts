// What the address bar holds: the config (so a link opens the same sweep), the view (hidden η, log
// choices, smoothing, each chart's zoom and typed axis ranges) and the kiosk settings. The config travels as JSON in ?config=, readable and
// editable by hand; ?preset=NAME&quick=1 also works; the view travels in ?view=.

import { presetNames, presetRaw } from '../../core/presets';
import type { Raw } from './form-model';

export interface KioskParams {
  cycle: string[];
  dwellSeconds: number;
  quick: boolean;
}

export function configFromUrl(search: string): Raw | null {
  const q = new URLSearchParams(search);
  const text = q.get('config');
  if (text) {
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Raw;
    } catch {
      // A mangled link falls back to the default; the form shows whatever parseConfig says.
    }
  }
  const name = q.get('preset');
  if (name && presetNames().includes(name)) return presetRaw(name, q.get('quick') === '1');
  return null;
}

/**
 * What is wrong with a link's ?config= or ?preset= (one line for the page to show), or null: a bad
 * link falls back to the default sweep, and says so instead of being ignored without a word.
 */
export function linkProblem(search: string): string | null {
  const q = new URLSearchParams(search);
  const text = q.get('config');
  if (q.has('config')) {
    if (!text) return 'this link has an empty ?config=; showing the default sweep instead';
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      return `this link's ?config= is not valid JSON (${(err as Error).message}); showing the default sweep instead`;
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) return "this link's ?config= is not a JSON object; showing the default sweep instead";
    return null;
  }
  const name = q.get('preset');
  if (q.has('preset') && !presetNames().includes(name ?? '')) {
    return `this link names an unknown preset "${name ?? ''}" (known: ${presetNames().join(', ')}); showing the default sweep instead`;
  }
  return null;
}

/** A chart's fixed axis ranges (a zoom, or typed limits); an axis left out is scaled to the data. */
export interface AxisRanges {
  x?: [number, number];
  y?: [number, number];
}

/** How the charts are shown: what a link restores besides the config. */
export interface ViewState {
  /** η values hidden in the table and on every chart. */
  hidden: number[];
  /** The y axes switched away from their default (panel id → log). */
  yLog: Record<string, boolean>;
  /** The step axes switched away from their default (panel id → log). */
  xLog: Record<string, boolean>;
  /** EMA weight of the step charts, 0 (off) to 0.99. */
  smoothing: number;
  /** Per panel id, its zoom or typed axis ranges. */
  ranges: Record<string, AxisRanges>;
}

export const DEFAULT_VIEW: ViewState = { hidden: [], yLog: {}, xLog: {}, smoothing: 0, ranges: {} };

/** [min, max] when `v` is two finite numbers in increasing order, else undefined. */
function interval(v: unknown): [number, number] | undefined {
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const [a, b] = v as unknown[];
  return typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) && a < b ? [a, b] : undefined;
}

function rangesFrom(o: unknown): Record<string, AxisRanges> {
  if (!o || typeof o !== 'object') return {};
  const out: Record<string, AxisRanges> = {};
  for (const [id, r] of Object.entries(o)) {
    if (!r || typeof r !== 'object') continue;
    const x = interval((r as AxisRanges).x);
    const y = interval((r as AxisRanges).y);
    if (x || y) out[id] = { ...(x ? { x } : {}), ...(y ? { y } : {}) };
  }
  return out;
}

/** The view a link holds (anything malformed in it is dropped, field by field). */
export function viewFromUrl(search: string): ViewState {
  const text = new URLSearchParams(search).get('view');
  if (!text) return DEFAULT_VIEW;
  let v: Partial<Record<keyof ViewState, unknown>>;
  try {
    v = JSON.parse(text) as typeof v;
  } catch {
    return DEFAULT_VIEW;
  }
  if (!v || typeof v !== 'object') return DEFAULT_VIEW;
  const hidden = Array.isArray(v.hidden) ? v.hidden.filter((e): e is number => typeof e === 'number' && Number.isFinite(e)) : [];
  const flags = (o: unknown) => (o && typeof o === 'object' ? (Object.fromEntries(Object.entries(o).filter(([, b]) => typeof b === 'boolean')) as Record<string, boolean>) : {});
  const s = Number(v.smoothing);
  return { hidden, yLog: flags(v.yLog), xLog: flags(v.xLog), smoothing: Number.isFinite(s) ? Math.min(Math.max(s, 0), 0.99) : 0, ranges: rangesFrom(v.ranges) };
}

export function urlWithConfig(href: string, raw: Raw, view: ViewState = DEFAULT_VIEW): string {
  const url = new URL(href);
  url.searchParams.delete('preset');
  url.searchParams.delete('quick');
  url.searchParams.set('config', JSON.stringify(raw));
  const plain = view.hidden.length === 0 && Object.keys(view.yLog).length === 0 && Object.keys(view.xLog).length === 0 && view.smoothing === 0 && Object.keys(view.ranges).length === 0;
  if (plain) url.searchParams.delete('view');
  else url.searchParams.set('view', JSON.stringify(view));
  return url.toString();
}

export function kioskFromUrl(search: string): KioskParams | null {
  const q = new URLSearchParams(search);
  if (q.get('kiosk') !== '1') return null;
  const names = (q.get('cycle') ?? 'toy,mnist08').split(',').map((n) => n.trim()).filter((n) => presetNames().includes(n));
  const dwell = Number(q.get('dwell') ?? '60');
  return { cycle: names.length > 0 ? names : ['toy'], dwellSeconds: Number.isFinite(dwell) && dwell >= 0 ? dwell : 60, quick: q.get('quick') === '1' };
}
