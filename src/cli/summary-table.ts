// The per-η summary printed at the end of a sweep: one row per stepsize.

import { isMultiClassLoss } from '../core/output-losses';
import type { Results } from '../core/results';

export function fmt(v: number | string | null | boolean, digits = 4): string {
  if (typeof v === 'string') return v;
  if (v === null) return '-';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(digits) : v.toExponential(digits - 1);
}

export function summaryTable(results: Results): string {
  const header = ['eta', 'status', 'transition', 'monotone', 'increases', 'final loss', 'late slope', 'eta*t*L'];
  // The transition (L ≤ 1/η, then monotone) is the binary margin losses' theory: n/a otherwise.
  const binary = !isMultiClassLoss(results.config.loss.kind);
  const rows = results.runs.map((r) => [
    fmt(r.eta),
    r.status,
    binary ? fmt(r.summary.phaseTransitionStep) : 'n/a',
    binary ? fmt(r.summary.monotoneAfterTransition) : 'n/a',
    fmt(r.summary.lossIncreases),
    fmt(r.summary.finalLoss),
    fmt(r.summary.lateSlope, 3),
    fmt(r.summary.etaTLoss),
  ]);
  return alignTable(header, rows);
}

/** Right-aligned columns, two spaces apart. */
export function alignTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
