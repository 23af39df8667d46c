import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { Client } from 'pg';
import { signInAs } from './support/sign-in';

// Alert rules are changed by admins only, and a webhook to a private address is refused on save with a
// message a person can act on. Managers still read the rules.
let db: Client;
const ruleName = `e2e webhook rule ${randomUUID().slice(0, 8)}`;

test.beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at the database of the server under test');
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO alert_rules (id, name, source, metric, scope, warning, critical, min_samples, consecutive_breaches, window_minutes, updated_at)
    VALUES ($1, $2, 'API_LATENCY', 'api:p95', '{}', 100, 400, 50, 1, 5, now())`,
    [randomUUID(), ruleName],
  );
});

test.afterAll(async () => {
  await db.query('DELETE FROM alert_rules WHERE name = $1', [ruleName]);
  await db.end();
});

test('a manager reads the rules but has no form to change them', async ({ page }) => {
  await signInAs(page, 'manager1@callpace.test', '/reports/performance?range=1h');
  const rule = page.getByRole('listitem').filter({ hasText: ruleName }).first();
  await rule.locator('summary').click();
  await expect(rule).toContainText('Only an admin can change alert rules.');
  await expect(rule.getByRole('button', { name: /^Save/ })).toHaveCount(0);
});

test('an admin saving a webhook to a private address is told why it was refused', async ({ page }) => {
  await signInAs(page, 'admin@callpace.test', '/reports/performance?range=1h');
  const rule = page.getByRole('listitem').filter({ hasText: ruleName }).first();
  await rule.locator('summary').click();
  await rule.getByLabel('Webhook URL (optional)').fill('http://10.0.0.5/hook');
  await rule.getByRole('button', { name: `Save ${ruleName}` }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText(
    'Webhook must go to a public address; 10.0.0.5 is private',
  );
  const saved = await db.query<{ webhook_url: string | null }>('SELECT webhook_url FROM alert_rules WHERE name = $1', [ruleName]);
  expect(saved.rows[0].webhook_url).toBeNull();
});
