// Reading a user's file with bounds: its size is checked before a byte is read, and only plain files
// are read at all. A device (/dev/zero), a FIFO (which blocks until a writer comes) or a file larger
// than its kind ever needs is refused with one line, instead of filling memory or hanging.

import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { DataError } from '../core/config-error';

export const MiB = 1024 * 1024;

/** The bytes of `file`, at most `maxBytes` of them; `shown` names the file in errors. */
export function readFileBounded(file: string, maxBytes: number, shown = file): Uint8Array {
  const full = resolve(file);
  checkPlainFile(statOrThrow(file, shown, full), shown, full, maxBytes);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw readError(err, shown, full);
  }
  try {
    // Checked again on the open file: it may have been swapped since the first look.
    const size = checkPlainFile(fstatSync(fd), shown, full, maxBytes);
    const out = new Uint8Array(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, out, off, size - off, off);
      if (n === 0) throw new DataError(shown, `the file shrank while it was read (${off} of ${size} bytes)`);
      off += n;
    }
    return out;
  } catch (err) {
    throw err instanceof DataError ? err : readError(err, shown, full);
  } finally {
    closeSync(fd);
  }
}

/** The same, decoded as UTF-8 text (config, run.json, results and checkpoint files). */
export function readTextBounded(file: string, maxBytes: number, shown = file): string {
  const bytes = readFileBounded(file, maxBytes, shown);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataError(shown, 'not valid UTF-8 text');
  }
}

function statOrThrow(file: string, shown: string, full: string): Stats {
  try {
    return statSync(file);
  } catch (err) {
    throw readError(err, shown, full);
  }
}

function checkPlainFile(st: Stats, shown: string, full: string, maxBytes: number): number {
  if (st.isDirectory()) throw new DataError(shown, `is a directory, not a file (${full})`);
  if (!st.isFile()) {
    const kind = st.isFIFO() ? 'a pipe (FIFO)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
    throw new DataError(shown, `is ${kind}, not a regular file (${full}); copy the data into a file first`);
  }
  if (st.size > maxBytes) throw new DataError(shown, `the file has ${st.size} bytes; at most ${maxBytes} (${(maxBytes / MiB).toFixed(0)} MiB) are accepted here`);
  return st.size;
}

function readError(err: unknown, shown: string, full: string): DataError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DataError(shown, `file not found (looked for ${full})`);
  if (code === 'EISDIR') return new DataError(shown, `is a directory, not a file (${full})`);
  if (code === 'ENOTDIR') return new DataError(shown, `a part of the path is a file, not a folder (${full})`);
  if (code === 'EACCES' || code === 'EPERM') return new DataError(shown, `permission denied (${full})`);
  return new DataError(shown, `cannot be read: ${(err as Error).message}`);
}
