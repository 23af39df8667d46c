import { expect, test } from '@playwright/test';

test('the home page says what Callpace is and leads to sign-in', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));

  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle('Callpace');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('calling workspace');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in to your queue' })).toBeVisible();
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#155ac0');

  // Nothing overflows sideways on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(problems).toEqual([]);
});

test('the home page links are reachable by keyboard in reading order', async ({ page }) => {
  await page.goto('/');
  const focusable: string[] = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    focusable.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
  }
  expect(focusable).toEqual(['Sign in', 'Sign in to your queue', 'System status']);
});

test('the detailed health endpoint gives anyone the status alone, and operators the details', async ({ request }) => {
  const anonymous = await request.get('/api/health/detailed');
  expect(anonymous.status()).toBe(200);
  expect(await anonymous.json()).toEqual({ status: 'healthy' });
  const signIn = await request.post('/api/auth/sign-in/email', {
    data: { email: 'manager1@callpace.test', password: 'callpace-demo' },
    headers: { origin: new URL(anonymous.url()).origin },
  });
  expect(signIn.status()).toBe(200);
  const body = await (await request.get('/api/health/detailed')).json();
  expect(body.status).toBe('healthy');
  expect(body.checks.database.status).toBe('up');
  expect(body.checks.migrations.status).toBe('up');
});
