import { expect, test } from '@playwright/test';
import { signInAs } from './support/sign-in';

// A manager signs in and lands on the call results: totals, the hour chart, the heatmap and the
// leaderboard each stream in, and the agent filter narrows the leaderboard to one agent.
test('a manager lands on the dashboard and narrows it to one agent', async ({ page }) => {
  await signInAs(page, 'manager1@callpace.test');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Call results', level: 1 })).toBeVisible();

  await page.getByRole('radio', { name: '30 days' }).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/range=30d/);
  const calls = Number(
    (
      await page
        .getByRole('region', { name: 'Totals' })
        .getByText(/^[\d,]+$/)
        .first()
        .innerText()
    ).replace(/,/g, ''),
  );
  expect(calls).toBeGreaterThan(0);
  await expect(page.getByRole('img', { name: /Calls by hour of day; busiest/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Connect rate by weekday and hour/ })).toBeVisible();
  // The leaderboard streams in its own Suspense boundary: wait for its rows, then count them.
  const rows = page.getByRole('region', { name: 'Agents' }).getByRole('row');
  await expect(rows.nth(2)).toBeVisible();

  const agent = (await rows.nth(1).getByRole('rowheader').innerText()).trim();
  await page.locator('select[name=agent]').selectOption({ label: agent });
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/agent=/);
  await expect(page.getByRole('region', { name: 'Agents' }).getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Agents' }).getByRole('rowheader')).toHaveText(agent);
});
