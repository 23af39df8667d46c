import { expect, test } from '@playwright/test';
import { signInAs } from './support/sign-in';

// A manager filters the lead table to one agent's new leads, selects two, reassigns them to another
// agent, and sees the change confirmed, the rows move, and the change in the audit trail.
test('a manager reassigns selected leads from the lead table', async ({ page }) => {
  await signInAs(page, 'manager1@callpace.test', '/leads');
  await expect(page.getByRole('heading', { name: 'Leads', level: 1 })).toBeVisible();
  const owner = page.locator('select[name=owner]');
  const agents = (await owner.locator('option').allInnerTexts()).filter((name) => !['Anyone', 'Unassigned'].includes(name));
  const [from, to] = agents;
  await owner.selectOption({ label: from });
  await page.locator('select[name=status]').selectOption('NEW');
  await page.getByRole('button', { name: 'Show leads' }).click();
  await page.waitForURL(/owner=/);

  const table = page.getByRole('table', { name: 'Leads' });
  const rows = table.getByRole('row');
  await expect(rows.nth(2)).toBeVisible();
  const totalText = await page.getByText(/^[\d,]+ leads?$/).innerText();
  const total = Number(totalText.replace(/\D/g, ''));
  expect(total).toBeGreaterThan(2);
  const picked = [await rows.nth(1).getByRole('link').innerText(), await rows.nth(2).getByRole('link').innerText()];
  await rows.nth(1).getByRole('checkbox').check();
  await rows.nth(2).getByRole('checkbox').check();
  await expect(page.getByText(`${total.toLocaleString('en-US')} leads · 2 selected`)).toBeVisible();

  await page.getByLabel('Change', { exact: true }).selectOption('reassign');
  await page.getByLabel('Agent', { exact: true }).selectOption({ label: to });
  await page.getByRole('button', { name: 'Apply to 2' }).click();
  await expect(page.getByRole('status').filter({ hasText: `2 leads reassigned to ${to}.` })).toBeVisible();
  // The table re-reads its filter: the two leads are no longer this agent's.
  await expect(page.getByText(`${(total - 2).toLocaleString('en-US')} leads`, { exact: true })).toBeVisible();
  // The newest entry of the audit trail (earlier runs on the same database leave older ones).
  await expect(page.locator('section[aria-labelledby=audit] li').first()).toContainText(`reassigned 2 leads to ${to}`);

  await owner.selectOption({ label: to });
  await page.getByRole('button', { name: 'Show leads' }).click();
  await page.waitForURL((url) => url.searchParams.get('owner') !== null && !url.search.includes(encodeURIComponent(from)));
  for (const name of picked) {
    await page.locator('input[name=q]').fill(name);
    await page.getByRole('button', { name: 'Show leads' }).click();
    await expect(table.getByRole('link', { name, exact: true }).first()).toBeVisible();
  }
});
