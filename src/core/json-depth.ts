// Nesting depth of parsed JSON, measured without recursion. JSON.parse accepts any depth, but the
// recursive code after it (validation, JSON.stringify, structuredClone) overflows the stack a few
// thousand levels down; no bigstep file nests more than a dozen levels, so deeper input is refused
// up front with one line instead of a RangeError somewhere later.

import { DataError } from './config-error';

/** Deeper than any config, results, run.json or checkpoint bigstep writes, by far. */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests arrays or objects more than `max` levels deep. */
export function jsonTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Throws a one-line DataError naming `source` when `value` nests too deep. */
export function checkJsonDepth(value: unknown, source: string): void {
  if (jsonTooDeep(value)) throw new DataError(source, `nested more than ${MAX_JSON_DEPTH} levels deep; no bigstep file is (refused before anything reads it)`);
}
