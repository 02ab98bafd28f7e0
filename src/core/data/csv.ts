// User data as CSV: a header row, one label column (named in the config) with exactly two distinct
// values, and numeric feature columns. Parsing is strict: a bad cell stops the load with its line and
// column, because a silently skipped or zero-filled cell would change the experiment without a trace.
//
// Accepted: comma separators, \n or \r\n line ends, a UTF-8 byte-order mark, blank lines (skipped),
// whitespace around cells, and double-quoted cells ("a,b" and "" for a quote inside); a quoted cell may
// not span lines. Labels are compared as trimmed text, so "1" and "1.0" are two different labels.

import { ConfigError, DataError, describeValue } from '../config-error';
import type { Scaling } from '../config-types';
import type { Dataset } from './dataset';
import { applyScaling, scalingLabel } from './scaling';

/** Larger files are refused: the features alone would need 8 bytes per cell in memory. */
export const MAX_CSV_CHARS = 256 * 1024 * 1024;

export interface CsvOptions {
  labelColumn: string;
  /** The label value that becomes +1; default: the first label met in the file. */
  positiveLabel?: string;
  scaling: Scaling;
  /** File name or path, for messages and the data set's name. */
  source: string;
}

/** A decimal number as written by spreadsheets and numpy: no hex, no "Infinity", no empty string. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NOT_FINITE = /^[+-]?(nan|inf|infinity)$/i;

export function parseCsv(text: string, opts: CsvOptions): Dataset {
  const { source } = opts;
  if (text.length > MAX_CSV_CHARS) {
    throw new DataError(source, `the file has ${text.length} characters; at most ${MAX_CSV_CHARS} (256 MiB) are accepted`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');

  let at = 0;
  while (at < lines.length && isBlank(lines[at])) at++;
  if (at === lines.length) throw new DataError(source, 'the file is empty (expected a header row and data rows)');
  const header = splitLine(lines[at], at + 1, source).map((cell) => cell.trim());
  const columns = checkHeader(header, at + 1, opts);
  const labelAt = header.indexOf(opts.labelColumn);
  const d = header.length - 1;

  // A growing typed buffer: a plain number[] of millions of cells costs several times the time and memory.
  let features = new Float64Array(1024);
  let used = 0;
  const labelText: string[] = [];
  const seen: string[] = [];
  for (let k = at + 1; k < lines.length; k++) {
    if (isBlank(lines[k])) continue;
    const line = k + 1;
    const cells = splitLine(lines[k], line, source);
    if (cells.length !== header.length) {
      throw new DataError(source, `line ${line}: ${cells.length} cells, but the header has ${header.length} columns`);
    }
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c].trim();
      if (c === labelAt) {
        if (cell === '') throw new DataError(source, `line ${line}, column "${columns[c]}": empty label`);
        if (!seen.includes(cell)) {
          if (seen.length === 2) {
            throw new DataError(
              source,
              `line ${line}, column "${columns[c]}": a third label value ${JSON.stringify(cell)} ` +
                `(already seen ${JSON.stringify(seen[0])} and ${JSON.stringify(seen[1])}); binary classification needs exactly two`,
            );
          }
          seen.push(cell);
        }
        labelText.push(cell);
      } else {
        if (used === features.length) {
          const bigger = new Float64Array(2 * used);
          bigger.set(features);
          features = bigger;
        }
        features[used++] = parseCell(cell, line, columns[c], source);
      }
    }
  }

  const n = labelText.length;
  if (n === 0) throw new DataError(source, 'the file has a header row but no data rows');
  if (seen.length < 2) {
    throw new DataError(
      source,
      `column "${opts.labelColumn}" has only one label value ${JSON.stringify(seen[0])}; binary classification needs two`,
    );
  }
  const positive = opts.positiveLabel ?? seen[0];
  if (!seen.includes(positive)) {
    throw new ConfigError(
      'data.positiveLabel',
      opts.positiveLabel,
      `one of the label values in ${source}: ${seen.map((s) => JSON.stringify(s)).join(' or ')}`,
    );
  }
  const negative = seen[0] === positive ? seen[1] : seen[0];

  const x = features.slice(0, used);
  const y = Float64Array.from(labelText, (label) => (label === positive ? 1 : -1));
  const sourceIndex = Uint32Array.from({ length: n }, (_, i) => i);
  applyScaling(x, n, d, opts.scaling);
  const name =
    `${source}: n = ${n}, d = ${d}, ${JSON.stringify(positive)} → +1, ${JSON.stringify(negative)} → −1, ` +
    scalingLabel(opts.scaling);
  return { name, n, d, x, y, sourceIndex };
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** The header's column names, checked; returns them for messages. */
function checkHeader(header: string[], line: number, opts: CsvOptions): string[] {
  const { source } = opts;
  const firstSeen = new Map<string, number>();
  header.forEach((name, c) => {
    if (name === '') throw new DataError(source, `line ${line} (header): column ${c + 1} has no name`);
    const earlier = firstSeen.get(name);
    if (earlier !== undefined) {
      throw new DataError(source, `line ${line} (header): column name "${name}" appears twice (columns ${earlier + 1} and ${c + 1})`);
    }
    firstSeen.set(name, c);
  });
  if (!firstSeen.has(opts.labelColumn)) {
    const shown = header.slice(0, 50).map((h) => JSON.stringify(h)).join(', ');
    const more = header.length > 50 ? `, ... (${header.length} in all)` : '';
    const hint =
      header.length === 1 && /[;\t]/.test(header[0]) ? '; the file seems to use ";" or tabs, but only commas separate columns' : '';
    throw new ConfigError('data.labelColumn', opts.labelColumn, `one of the columns of ${source}: ${shown}${more}${hint}`);
  }
  if (header.length < 2) {
    throw new DataError(source, `line ${line} (header): only the label column "${opts.labelColumn}"; at least one feature column is needed`);
  }
  return header;
}

function parseCell(cell: string, line: number, column: string, source: string): number {
  const where = `line ${line}, column "${column}"`;
  if (cell === '') throw new DataError(source, `${where}: empty cell (missing values are not allowed)`);
  if (NOT_FINITE.test(cell)) throw new DataError(source, `${where}: ${cell} is not a finite number`);
  if (!NUMBER.test(cell)) throw new DataError(source, `${where}: ${describeValue(cell)} is not a number`);
  const value = Number(cell);
  if (!Number.isFinite(value)) throw new DataError(source, `${where}: ${cell} overflows a 64-bit float`);
  return value;
}

/** Splits one line into raw cells (not trimmed), honouring double quotes; a trailing \r is dropped. */
function splitLine(raw: string, line: number, source: string): string[] {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (!text.includes('"')) return text.split(',');
  const cells: string[] = [];
  let cell = '';
  let i = 0;
  while (i <= text.length) {
    // At the start of a cell: skip leading spaces to find an opening quote.
    let j = i;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '"') {
      j++;
      for (;;) {
        if (j >= text.length) throw new DataError(source, `line ${line}: a quoted cell is not closed on this line`);
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            cell += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        cell += text[j++];
      }
      while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j < text.length && text[j] !== ',') {
        throw new DataError(source, `line ${line}: unexpected text after a closing quote at character ${j + 1}`);
      }
    } else {
      const end = text.indexOf(',', i);
      j = end === -1 ? text.length : end;
      cell = text.slice(i, j);
      if (cell.includes('"')) throw new DataError(source, `line ${line}: a quote inside an unquoted cell at character ${i + cell.indexOf('"') + 1}`);
    }
    cells.push(cell);
    cell = '';
    i = j + 1;
  }
  return cells;
}
