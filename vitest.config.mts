import { defineConfig } from 'vitest/config';

export default defineConfig({
  // server-only throws outside React Server Components; tests call server code directly.
  resolve: { alias: { '@': import.meta.dirname, 'server-only': `${import.meta.dirname}/tests/setup/server-only.ts` } },
  test: {
    include: ['tests/**/*.test.ts', 'lib/**/*.test.ts', 'prisma/**/*.test.ts'],
    // Needs the production build: npm test runs it after building (vitest.cluster.config.mts).
    exclude: ['tests/cluster/**', '**/node_modules/**'],
    globalSetup: ['tests/setup/global-database.ts'],
    setupFiles: ['tests/setup/env.ts'],
    // Files share one fresh database per run; run them one at a time (2 cores here anyway).
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
