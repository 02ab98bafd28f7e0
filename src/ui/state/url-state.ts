// What the address bar holds: the config (so a link opens the same sweep), and the kiosk settings.
// The config travels as JSON in ?config=, readable and editable by hand; ?preset=NAME&quick=1 also works.

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

export function urlWithConfig(href: string, raw: Raw): string {
  const url = new URL(href);
  url.searchParams.delete('preset');
  url.searchParams.delete('quick');
  url.searchParams.set('config', JSON.stringify(raw));
  return url.toString();
}

export function kioskFromUrl(search: string): KioskParams | null {
  const q = new URLSearchParams(search);
  if (q.get('kiosk') !== '1') return null;
  const names = (q.get('cycle') ?? 'toy,mnist08').split(',').map((n) => n.trim()).filter((n) => presetNames().includes(n));
  const dwell = Number(q.get('dwell') ?? '60');
  return { cycle: names.length > 0 ? names : ['toy'], dwellSeconds: Number.isFinite(dwell) && dwell >= 0 ? dwell : 60, quick: q.get('quick') === '1' };
}
