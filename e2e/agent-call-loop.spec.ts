import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

async function expectAccessible(page: Page) {
  // Next streams a dynamic page's metadata (its title among it): check the page once it is all there.
  await expect(page).toHaveTitle(/Callpace/);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('sign in → queue → search → open lead → log a call → next lead → sign out', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto('/queue');
  await expect(page).toHaveURL(/\/login\?next=%2Fqueue$/);
  await expectAccessible(page);
  await page.getByLabel('Email').fill('agent2@callpace.test');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('do not match');
  await page.getByLabel('Password').fill('callpace-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/queue$/);
  const list = page.getByRole('list', { name: 'Your queue' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  await expectAccessible(page);

  // Search as you type: the results say why they matched.
  const firstName = (await list.getByRole('listitem').first().locator('span.font-medium').first().textContent())!.split(' ')[0];
  await page.getByLabel('Search leads by name, company, email or phone').fill(firstName);
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('listitem').first()).toContainText('matched on');

  // Open the lead from the results (client-side navigation from the virtualized list).
  await results.getByRole('listitem').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
  const leadUrl = page.url();
  const leadName = await page.getByRole('heading', { level: 1 }).textContent();
  await expect(page.getByRole('link', { name: /^Call \+\d+/ })).toHaveAttribute('href', /^tel:\+\d+$/);
  await expectAccessible(page);

  // A callback without a time is refused inline, nothing is lost.
  await page.getByRole('radio', { name: 'Callback' }).check();
  await page.getByLabel('Notes').fill('Asked to call back after lunch');
  await page.evaluate(() => document.querySelector<HTMLInputElement>('#callbackAt')!.removeAttribute('required'));
  await page.getByRole('button', { name: 'Save & next' }).click();
  await expect(page.getByText('is required for a callback')).toBeVisible();
  await expect(page.getByLabel('Notes')).toHaveValue('Asked to call back after lunch');

  await page.getByRole('radio', { name: 'Connected' }).check();
  await page.getByRole('button', { name: 'Save & next' }).click();
  await expect(page).not.toHaveURL(leadUrl);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(leadName!);
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-time-to-next-lead'))).toMatch(/^\d+$/);

  // The call is in the history of the lead it was logged on.
  await page.goto(leadUrl);
  await expect(page.getByRole('region', { name: 'Call history' }).getByRole('listitem').first()).toContainText('Connected');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/queue');
  await expect(page).toHaveURL(/\/login/);
  expect(problems).toEqual([]);
});
