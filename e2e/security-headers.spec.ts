import { expect, test, type Page, type Response } from '@playwright/test';
import { Client } from 'pg';
import { signInAs } from './support/sign-in';

// Every page works under the CSP (no violation, the worker registers and the precached offline page loads
// with the network cut) and every document carries the security headers.
const MANAGER = 'manager1@callpace.test';
const AGENT = 'agent1@callpace.test';

let leadId: string;

test.beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at the database of the server under test');
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  leadId = (
    await db.query<{ id: string }>(`SELECT l.id FROM leads l JOIN users u ON u.id = l.owner_id WHERE u.email = $1 LIMIT 1`, [AGENT])
  ).rows[0].id;
  await db.end();
});

/** Collects CSP violations (the DOM event and Chromium's console report) for the page's whole life. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(
        `${event.violatedDirective} ${event.blockedURI} at ${location.pathname}`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

function expectSecurityHeaders(response: Response | null, path: string) {
  expect(response, path).not.toBeNull();
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  const script = csp.split(';').find((directive) => directive.trim().startsWith('script-src')) ?? '';
  expect(script, `${path} script-src`).toMatch(/'nonce-|'sha256-/);
  expect(script, path).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options'], path).toBe('DENY');
  expect(headers['x-content-type-options'], path).toBe('nosniff');
  expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy'], path).toContain('camera=()');
  expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
}

async function walk(page: Page, paths: string[], violations: string[]) {
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    expectSecurityHeaders(response, path);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('main').first(), path).toBeVisible();
  }
  expect(violations).toEqual([]);
}

test('the login page carries the headers and runs under the CSP', async ({ page }) => {
  const violations = await watchViolations(page);
  await walk(page, ['/login'], violations);
});

test('manager pages: headers on every document, zero CSP violations', async ({ page }) => {
  const violations = await watchViolations(page);
  await signInAs(page, MANAGER);
  await walk(
    page,
    ['/', '/dashboard', '/leads', '/leads/import', `/leads/${leadId}`, '/reports/vitals', '/reports/performance', '/outbox', '/offline'],
    violations,
  );
});

test('agent pages work under the CSP, the worker registers and the precached offline page loads offline', async ({ page, context }) => {
  const violations = await watchViolations(page);
  await signInAs(page, AGENT, '/queue');
  await walk(page, ['/', '/queue', '/next', `/leads/${leadId}`, '/outbox', '/offline'], violations);
  await page.goto('/queue');
  await expect(page.getByRole('heading').first()).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
  await context.setOffline(true);
  await page.goto('/offline');
  await expect(page.locator('main').first()).toBeVisible();
  await context.setOffline(false);
  expect(violations).toEqual([]);
});

test('an unknown path shows the not-found page with 404, the headers and no violation', async ({ page }) => {
  const violations = await watchViolations(page);
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  expectSecurityHeaders(response, '/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to Callpace' })).toHaveAttribute('href', '/');
  await page.waitForLoadState('networkidle');
  expect(violations).toEqual([]);
});

test('API responses carry the non-CSP headers and a deny-all CSP', async ({ request }) => {
  const response = await request.get('/api/health');
  const headers = response.headers();
  expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
});

test('the violation watch sees a blocked inline script (so zero above means zero)', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/login');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
});
