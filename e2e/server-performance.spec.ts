import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { Client } from 'pg';
import { signInAs } from './support/sign-in';

// A manager reads server latency per route and sees an alert that a synthetic breach raised. The breach is
// written as request-histogram rows (what every instance flushes each minute) for a route of its own, with
// a rule watching that route; "Evaluate now" runs the same evaluation the minute job runs.
test('a manager sees a route’s latency and an alert raised by a synthetic breach', async ({ page }) => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at the database of the server under test (npm test sets it)');
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const route = `/api/e2e-${randomUUID().slice(0, 8)}`;
  const ruleName = `Synthetic latency ${route}`;
  try {
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    // 3 minutes of 120 requests each: most answered in ~600 ms (bucket of 600 ms), a few in ~20 ms.
    for (let m = 1; m <= 3; m++) {
      const at = new Date(minute - m * 60_000);
      await db.query(
        `INSERT INTO request_histograms (minute, route, method, status_class, bucket, count, sum) VALUES
        ($1, $2, 'GET', '2xx', 273, 110, 66000), ($1, $2, 'GET', '2xx', 203, 10, 200)`,
        [at, route],
      );
    }
    await db.query(
      `INSERT INTO alert_rules (id, name, source, metric, scope, warning, critical, min_samples, consecutive_breaches, window_minutes, updated_at)
      VALUES ($1, $2, 'API_LATENCY', 'api:p95', $3, 100, 400, 50, 1, 5, now())`,
      [randomUUID(), ruleName, JSON.stringify({ route })],
    );

    await signInAs(page, 'manager1@callpace.test', '/reports/performance?range=1h');
    await expect(page).toHaveURL(/\/reports\/performance\?range=1h$/);
    await expect(page.getByRole('heading', { name: 'Server performance', level: 1 })).toBeVisible();

    // The route, slowest first, with its request count and a p95 around 600 ms (buckets are ±2.5 %).
    const row = page.getByRole('row', { name: new RegExp(`GET ${route}`) });
    await expect(row).toBeVisible();
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[0]).toBe('360');
    const p95 = Number(cells[4].replace(' ms', ''));
    expect(p95).toBeGreaterThan(580);
    expect(p95).toBeLessThan(620);

    // The alert: evaluated now, it fires (one breaching window is enough for this rule), with its history.
    await page.getByRole('button', { name: 'Evaluate now' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'firing' })).toContainText(`${ruleName} (critical)`);
    await expect(page.getByRole('listitem').filter({ hasText: ruleName }).first()).toContainText('critical');
    await expect(page.getByRole('list', { name: 'Alert history' })).toContainText(`${ruleName}`);
    await expect(
      page.getByRole('list', { name: 'Alert history' }).getByRole('listitem').filter({ hasText: ruleName }).first(),
    ).toContainText('ok → critical');
  } finally {
    await db.query('DELETE FROM alert_rules WHERE name = $1', [ruleName]);
    await db.query('DELETE FROM request_histograms WHERE route = $1', [route]);
    await db.end();
  }
});
