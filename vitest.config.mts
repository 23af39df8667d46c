import { defineConfig } from 'vitest/config';

export default defineConfig({
  // server-only throws outside React Server Components; tests call server code directly.
  resolve: { alias: { '@': import.meta.dirname, 'server-only': `${import.meta.dirname}/tests/setup/server-only.ts` } },
  test: {
    include: ['tests/**/*.test.ts', 'lib/**/*.test.ts', 'prisma/**/*.test.ts'],
    globalSetup: ['tests/setup/global-database.ts'],
    setupFiles: ['tests/setup/env.ts'],
    // Files share one fresh database per run; run them one at a time (2 cores here anyway).
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
