// The typed axis limits of one chart: min and max as a person types them ("1e-3", "2^10", "1/64"),
// checked against the axis (a log axis has no place for 0 or below). Empty boxes mean "fit the data".

import { parseNumberText } from '../state/number-text';

export type RangeInput = { min: string; max: string };

/** The range typed for one axis: null for "fit the data", or a message naming what is wrong. */
export function parseAxisRange(axis: string, input: RangeInput, log: boolean): { range: [number, number] | null } | { error: string } {
  if (input.min.trim() === '' && input.max.trim() === '') return { range: null };
  const min = parseNumberText(input.min);
  const max = parseNumberText(input.max);
  if (typeof min !== 'number' || typeof max !== 'number') return { error: `${axis}: both limits must be numbers (or both empty to fit the data)` };
  if (!(min < max)) return { error: `${axis}: min (${min}) must be below max (${max})` };
  if (log && !(min > 0)) return { error: `${axis}: a log axis needs min > 0 (got ${min})` };
  return { range: [min, max] };
}
