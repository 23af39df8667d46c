import { expect, test, type Page } from '@playwright/test';
import { Client } from 'pg';

// A shared phone: what one agent leaves on it (cached pages and reads, saved leads, calls waiting in the
// outbox) is never shown to the next person, and a waiting call is sent only under its own agent's session.
const A = 'agent9@callpace.test';
const B = 'agent10@callpace.test';

let db: Client;
test.beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at the database of the server under test (npm test sets it)');
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
test.afterAll(async () => {
  await db?.end();
});

async function signIn(page: Page, email: string) {
  await page.goto('/login?next=/queue');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('callpace-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/queue$/);
}

async function outboxCalls(page: Page): Promise<{ clientId: string; userId?: string | null }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('callpace');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('outbox').objectStore('outbox').getAll();
          request.onsuccess = () => resolve(request.result.filter((entry: { kind: string }) => entry.kind === 'call'));
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

const stored = async (clientIds: string[]) =>
  (await db.query<{ client_id: string }>('SELECT client_id FROM calls WHERE client_id = ANY($1::uuid[])', [clientIds])).rows.map(
    (r) => r.client_id,
  );

test('the next agent on a phone sees none of the last one’s data; the last one’s calls wait for them and are sent once', async ({
  context,
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page, A);
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
  const rows = page.getByRole('list', { name: 'Your queue' }).getByRole('listitem');
  await expect(rows.first()).toBeVisible();
  const aLeads = await rows.evaluateAll((items) =>
    items.slice(0, 5).map((item) => ({
      href: item.querySelector('a')!.getAttribute('href')!,
      name: item.querySelector('a')!.textContent!.trim().slice(0, 20),
    })),
  );
  await page.goto(aLeads[0].href);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // A logs two calls the server cannot take just now (the requests fail on the way, as on a dropped
  // connection), so they wait in the outbox; then A signs out.
  await context.route('**/api/calls', (route) => route.abort('internetdisconnected'));
  for (let i = 0; i < 2; i++) {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.getByRole('radio', { name: 'No answer' }).check();
    await page.getByRole('button', { name: 'Save & next' }).click();
    await expect(page.getByRole('link', { name: `Pending (${i + 1})` })).toBeVisible();
  }
  const aCalls = await outboxCalls(page);
  expect(aCalls).toHaveLength(2);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await context.unroute('**/api/calls');
  await page.waitForTimeout(2_000);
  expect(await stored(aCalls.map((c) => c.clientId))).toEqual([]); // nobody is signed in to send them as

  // B signs in on the same phone: B's queue, B's outbox, and (offline) the saved pages show nothing of A's.
  await signIn(page, B);
  await expect(rows.first()).toBeVisible();
  const text = await page.locator('main').innerText();
  for (const lead of aLeads) expect(text).not.toContain(lead.name);
  await page.goto('/outbox');
  await expect(page.getByText(/2 calls logged on this phone by someone else wait for them/)).toBeVisible();
  await expect(page.getByRole('link', { name: /Pending \(/ })).toHaveCount(0);
  await page.waitForTimeout(2_000);
  expect(await stored(aCalls.map((c) => c.clientId))).toEqual([]); // never under B's session
  await context.setOffline(true);
  await page.goto('/queue').catch(() => {});
  const offlineText = await page.locator('body').innerText();
  for (const lead of aLeads) expect(offlineText).not.toContain(lead.name);
  await context.setOffline(false);

  // A signs in again: A's two calls are sent, exactly once each.
  await page.goto('/queue');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, A);
  await expect.poll(() => stored(aCalls.map((c) => c.clientId)), { timeout: 20_000 }).toHaveLength(2);
  const rowsPerCall = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM calls WHERE client_id = ANY($1::uuid[]) GROUP BY client_id',
    [aCalls.map((c) => c.clientId)],
  );
  expect(rowsPerCall.rows.map((r) => r.n)).toEqual([1, 1]);
  const agent = (await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [A])).rows[0].id;
  const owners = await db.query<{ agent_id: string }>('SELECT DISTINCT agent_id FROM calls WHERE client_id = ANY($1::uuid[])', [
    aCalls.map((c) => c.clientId),
  ]);
  expect(owners.rows).toEqual([{ agent_id: agent }]);
});
