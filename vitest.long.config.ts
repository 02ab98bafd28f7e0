import { defineConfig } from 'vitest/config';
import { shared } from './vitest.config.ts';

// `npm run test:long`: the runs too long for `npm test` (full-size figures and their science on
// the CPU and GPU engines). Not run by CI; run it before a release and after changing a kernel.
export default defineConfig({
  test: {
    ...shared,
    include: ['tests/long/**/*.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
  },
});
