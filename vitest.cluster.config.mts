import { defineConfig } from 'vitest/config';

// The two-instance test: it starts production servers itself, so it runs after `next build` (npm test does),
// apart from the unit and integration tests.
export default defineConfig({
  test: {
    include: ['tests/cluster/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
