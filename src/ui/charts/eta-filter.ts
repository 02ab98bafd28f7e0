// The η filter above the charts: which stepsizes of a sweep to show, typed as a researcher would
// ("4, 16", "1/4..8", ">= 2", "< 1e-2"), the way TensorBoard's run filter narrows its runs. What it
// leaves out is hidden in the table and on every chart (the one show/hide state), so the link keeps it.

import { parseNumberText } from '../state/number-text';

type Test = (eta: number) => boolean;

/** Equal up to rounding, so 0.1 matches a typed "1/10". */
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

function term(tok: string): Test | string {
  const cmp = /^(<=|>=|<|>|≤|≥)\s*(.+)$/.exec(tok);
  if (cmp) {
    const v = parseNumberText(cmp[2]);
    if (typeof v !== 'number') return `"${cmp[2]}" is not a number`;
    const op = cmp[1];
    if (op === '<') return (e) => e < v && !same(e, v);
    if (op === '>') return (e) => e > v && !same(e, v);
    if (op === '<=' || op === '≤') return (e) => e <= v || same(e, v);
    return (e) => e >= v || same(e, v);
  }
  const range = /^(.+?)\s*\.\.\s*(.+)$/.exec(tok);
  if (range) {
    const [a, b] = [parseNumberText(range[1]), parseNumberText(range[2])];
    if (typeof a !== 'number' || typeof b !== 'number') return `"${tok}" is not a range of numbers (like 1/4..8)`;
    return (e) => (e >= a || same(e, a)) && (e <= b || same(e, b));
  }
  const v = parseNumberText(tok);
  if (typeof v !== 'number') return `"${tok}" is not a number, a range (1/4..8) or a bound (>= 2)`;
  return (e) => same(e, v);
}

/**
 * The η of `etas` that the filter keeps (any of its comma-separated terms matches), or a message
 * naming the term that is not understood. An empty filter keeps every η.
 */
export function filterEtas(filter: string, etas: readonly number[]): { shown: number[] } | { error: string } {
  const toks = filter.split(/[,;]/).map((t) => t.trim()).filter(Boolean);
  if (toks.length === 0) return { shown: [...etas] };
  const tests: Test[] = [];
  for (const tok of toks) {
    const t = term(tok.replace(/\s+/g, ' '));
    if (typeof t === 'string') return { error: t };
    tests.push(t);
  }
  return { shown: etas.filter((e) => tests.some((t) => t(e))) };
}
