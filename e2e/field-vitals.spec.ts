import { expect, test } from '@playwright/test';
import { Client } from 'pg';

// The app's own pages report their Core Web Vitals: a real page in Chromium,
// with a tap so INP exists, then hidden (navigating away) so the beacon goes.
test('a page sends its Core Web Vitals by beacon, with the route pattern and no personal data', async ({ page, isMobile }) => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at the database of the server under test (npm test sets it)');
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const since = new Date(Date.now() - 1000);
    await page.goto('/login?next=%2Fleads%2F3f1c2b7e-1a2b-4c3d-8e9f-0123456789ab');
    await page.getByLabel('Email').click();
    await page.keyboard.type('someone@example.com');
    // Let the interaction's next paint land, then leave the page: that is when the beacon goes.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.waitForTimeout(1200);
    await page.goto('/');

    const device = isMobile ? 'mobile' : 'desktop';
    await expect
      .poll(
        async () =>
          (
            await db.query<{ metric: string }>(
              'SELECT DISTINCT metric FROM vital_samples WHERE route = $1 AND device = $2 AND received_at >= $3 ORDER BY metric',
              ['/login', device, since],
            )
          ).rows.map((r) => r.metric),
        { timeout: 15_000 },
      )
      .toEqual(expect.arrayContaining(['FCP', 'INP', 'LCP', 'TTFB']));

    // And they count in the managers' report API.
    const signIn = await page.request.post('/api/auth/sign-in/email', {
      data: { email: 'manager1@callpace.test', password: 'callpace-demo' },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(signIn.ok()).toBe(true);
    const report = await page.request.get(
      `/api/reports/vitals?route=/login&device=${device}&from=${encodeURIComponent(since.toISOString())}`,
    );
    expect(report.status()).toBe(200);
    const counts = Object.fromEntries(
      ((await report.json()) as { metrics: { metric: string; count: number }[] }).metrics.map((m) => [m.metric, m.count]),
    );
    for (const metric of ['FCP', 'INP', 'LCP', 'TTFB']) expect(counts[metric]).toBeGreaterThanOrEqual(1);

    // And on the report page, in the route table and the metric cards.
    await page.goto(`/reports/vitals?route=%2Flogin&device=${device}`);
    await expect(page.getByRole('heading', { name: 'Field performance' })).toBeVisible();
    const loginRow = page
      .getByRole('table')
      .filter({ hasText: 'Page loads' })
      .getByRole('row', { name: /^\/login/ });
    expect(Number(await loginRow.getByRole('cell').first().innerText())).toBeGreaterThanOrEqual(1);
    for (const metric of ['LCP', 'INP']) {
      const samples = Number(
        (await page.getByRole('article', { name: `${metric} field figures` }).innerText()).match(/([\d,]+) samples/)![1].replace(/,/g, ''),
      );
      expect(samples).toBeGreaterThanOrEqual(counts[metric]);
    }

    const { rows } = await db.query<{ attribution: unknown; route: string }>(
      'SELECT route, attribution FROM vital_samples WHERE device = $1 AND received_at >= $2',
      [device, since],
    );
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain('someone@example.com');
    expect(stored).not.toContain('3f1c2b7e');
    expect(stored).not.toContain('?');
  } finally {
    await db.end();
  }
});
