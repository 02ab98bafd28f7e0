// Compare runs: saved runs laid over the one on view, each drawn with its own dash pattern.

import { overlayDash } from '../charts/overlay';
import type { Part } from '../run/sweep-job';
import type { Raw } from '../state/form-model';
import type { StoredRun } from '../store/run-store';
import type { ComparedRun } from '../components/bs-summary';

/** A saved run laid over the one on view: the part compared, and its line style. */
export interface Overlay {
  id: string;
  name: string;
  engine: string;
  raw: Raw;
  part: Part;
  dash: number[];
}

/** The overlay of a saved run: the sweep of the same name in a study (the same horizon, the same width), else its first. */
export function overlayOf(r: StoredRun | undefined, label: string | undefined, overlays: Overlay[]): Overlay | null {
  const part = r?.parts.find((p) => p.label === label) ?? r?.parts[0];
  if (!r || !part) return null;
  const used = new Set(overlays.map((o) => o.dash.join()));
  let n = 0;
  while (used.has(overlayDash(n).join()) && n < overlays.length) n++;
  return { id: r.id, name: r.name, engine: part.results.engine.name, raw: r.raw, part, dash: overlayDash(n) };
}

/** The compared runs for the table (not the one on view, if it is also compared). */
export function comparedRuns(overlays: Overlay[], currentId: string): ComparedRun[] {
  return overlays.filter((o) => o.id !== currentId).map((o) => ({ name: o.name, dash: o.dash, runs: o.part.results.runs }));
}

/** One line on what was run, for exported figures. */
export function figureSummary(part: Part, overlays: Overlay[], currentId: string): string {
  const r = part.results;
  const also = overlays.filter((o) => o.id !== currentId).map((o) => `compared with ${o.name} (dashed)`);
  return [`${r.config.name} · ${r.data.name} (n = ${r.data.n}, d = ${r.data.d}) · ${r.config.model.kind} model · ${r.config.loss.kind} loss · ${r.config.steps} steps · ${r.engine.name}`, ...also].join(' · ');
}
