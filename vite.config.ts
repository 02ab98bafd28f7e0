import { defineConfig } from 'vite';

// The dashboard (and the GPU test page) are served from localhost: WebGPU needs a secure context.
export default defineConfig({
  server: { host: '127.0.0.1', strictPort: false },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022', outDir: 'dist' },
});
