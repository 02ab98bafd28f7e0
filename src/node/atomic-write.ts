// Every file bigstep writes goes through here: written to a temporary name beside the target, flushed
// to disk (fsync), renamed over the target, and the folder flushed too. A crash, a kill or a full disk
// at any moment leaves either the old file or the new one, whole, never a truncated mix. A failure
// removes the temporary file and becomes one line naming the file and the reason (a DataError).

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../core/config-error';
import { faultPoint } from './fault-points';

/** Bytes per write call: a large file is written in pieces (and a fault test can stop it between two). */
const CHUNK_BYTES = 1 << 20;

/** Writes `data` to `file` atomically (see above). Synchronous, so no signal handler runs between its steps. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.byteLength) {
      off += writeSync(fd, bytes, off, Math.min(CHUNK_BYTES, bytes.byteLength - off));
      faultPoint('write');
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    faultPoint('before-rename');
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw writeError(file, err);
  }
  syncDir(path.dirname(file));
}

/** Renames atomically (both names in one folder), flushing the folder. */
export function renameAtomic(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    throw writeError(to, err);
  }
  syncDir(path.dirname(to));
}

/** Flushes a folder's entries, so a rename survives a power cut; not every file system allows it, which is fine. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic there.
  }
}

/** One line for a failed write: the file and what the system said, in words. */
export function writeError(file: string, err: unknown): DataError {
  if (err instanceof DataError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    ENOENT: 'the folder does not exist',
    EEXIST: 'a file of that name is in the way',
  };
  return new DataError(file, `cannot write: ${(code && why[code]) ?? (err as Error).message ?? String(err)}`);
}

/**
 * Makes `dir` (and its parents) and checks, before any work, that files can be written in it: a
 * path that is a file, lies under a file, is a device, is read-only or cannot exist (/proc/x) is
 * refused with one line now rather than after the sweep.
 */
export function prepareOutputDir(dir: string): void {
  try {
    makeDirs(path.resolve(dir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new DataError(dir, 'cannot make this folder (the file system does not allow it)');
    const e = writeError(dir, err);
    throw new DataError(dir, e.message.replace(`${dir}: cannot write`, 'cannot make this folder'));
  }
  let st;
  try {
    st = statSync(dir);
  } catch {
    // mkdir "succeeds" in some pseudo file systems (/proc) without making anything.
    throw new DataError(dir, 'cannot make this folder (the file system does not allow it)');
  }
  if (!st.isDirectory()) throw new DataError(dir, `is ${st.isFile() ? 'a file' : 'a device or other special file'}, not a folder; name a folder`);
  const probe = path.join(dir, `.bigstep-probe-${process.pid}`);
  writeFileAtomic(probe, '');
  rmSync(probe, { force: true });
}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir loops forever on a path it cannot make
 * in some pseudo file systems (mkdirSync('/proc/x', { recursive: true }) never returns in Node 20).
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.push(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}
