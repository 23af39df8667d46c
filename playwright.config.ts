import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium (tools here may not download their own browser). The
// server is started by scripts/test.ts, or by you: BASE_URL points at it.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // The onboarding spec starts an instance of its own and opens the agent's browser as a Pixel 7 itself: once is enough.
    { name: 'pixel-7', testIgnore: /onboarding\.spec\.ts/, use: { ...devices['Pixel 7'], launchOptions: chromium } },
    // Agent flows are phone flows (one user flow per file, mobile emulation).
    { name: 'desktop', testIgnore: /agent-.*\.spec\.ts/, use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
  ],
});
