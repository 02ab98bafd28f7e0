// Numbers as people type them into the form ("2^14", "1/64", "−1", "0-9"), and the way the form
// writes them back. Text that is not a number is passed on as text, so parseConfig's own message
// names what was typed.

/** A number from text ("2^14", "1/64", "1e-3", "−1"), or the text itself when it is not one. */
export function parseNumberText(text: string): number | string {
  const t = text.trim().replace(/[\u2212\u2013]/g, '-');
  if (t === '') return t;
  const pow = /^(-?\d+(?:\.\d+)?)\s*\^\s*(-?\d+(?:\.\d+)?)$/.exec(t);
  if (pow) return Number(pow[1]) ** Number(pow[2]);
  const frac = /^(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  const n = Number(t);
  return Number.isFinite(n) ? n : text.trim();
}

const tokens = (text: string): string[] => text.split(/[\s,;]+/).filter((tok) => tok !== '');

/** "4, 8; 16 1/64": one entry per token (the η list, the hidden widths). */
export function parseNumberList(text: string): (number | string)[] {
  return tokens(text).map(parseNumberText);
}

/**
 * Digits for the multi-class data set: "0-9", "0, 1, 2" or "0-3, 7". A range expands only within
 * 0..9, so "0-1000000" stays text (and parseConfig names it) instead of becoming a huge list.
 */
export function parseDigitList(text: string): (number | string)[] {
  return tokens(text.replace(/\s*[-\u2212\u2013]\s*/g, '-')).flatMap((tok) => {
    const range = /^(\d)-(\d)$/.exec(tok);
    if (!range || Number(range[1]) >= Number(range[2])) return [parseNumberText(tok)];
    const from = Number(range[1]);
    return Array.from({ length: Number(range[2]) - from + 1 }, (_, i) => from + i);
  });
}

/** 1/64 stays "1/64" in the η box rather than 0.015625. */
export function formatEta(e: number): string {
  if (e > 0 && e < 1 && Number.isInteger(1 / e)) return `1/${1 / e}`;
  return String(e);
}

/** All ten digits in order read "0-9" (and 2..5 reads "2-5"); anything else is listed. */
export function formatDigits(digits: readonly unknown[]): string {
  const run = digits.length >= 3 && digits.every((v, i) => typeof v === 'number' && Number.isInteger(v) && (i === 0 || v === (digits[i - 1] as number) + 1));
  return run ? `${String(digits[0])}-${String(digits[digits.length - 1])}` : digits.map(String).join(', ');
}
