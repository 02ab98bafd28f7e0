import { defineConfig } from 'vitest/config';

// Unit tests run in Node; GPU tests (tests/gpu) drive headless Chrome and get longer time-outs.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup-tmp.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    server: { deps: { inline: ['wgsl_reflect'] } },
    fileParallelism: true,
    maxWorkers: 2,
  },
});
