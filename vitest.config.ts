import { defineConfig } from 'vitest/config';

// `npm test`: unit and fuzz tests in Node, GPU tests (tests/gpu) and dashboard tests (tests/e2e) in
// headless Chrome. Full-size science, soak-like and throughput runs live in tests/long
// (`npm run test:long`, vitest.long.config.ts). Time-outs: 60 s a test by default, each at least 3×
// the test's time on 2 busy cores (load 6); slower tests say their own.
export const shared = {
  setupFiles: ['tests/setup-tmp.ts'],
  globalSetup: ['tests/global-setup.ts'],
  reporters: ['default', './tests/reporters/file-durations.ts'],
  server: { deps: { inline: ['wgsl_reflect'] } },
  fileParallelism: true,
  maxWorkers: 2,
};

export default defineConfig({
  test: {
    ...shared,
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/long/**', '**/node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
