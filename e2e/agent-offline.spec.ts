import { expect, test, type Page } from '@playwright/test';
import { Client } from 'pg';

// Offline-first on a phone: install criteria, the service worker's caches, the
// offline app shell, and the outbox replaying calls exactly once. The network
// is cut with Playwright (context.setOffline), which also cuts the worker's.
const AGENT = 'agent3@callpace.test';

let db: Client;
let agentId: string;

test.beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at the database of the server under test (npm test sets it)');
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  agentId = (await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [AGENT])).rows[0].id;
});

test.afterAll(async () => {
  await db?.end();
});

async function signIn(page: Page) {
  await page.goto('/login?next=/queue');
  await page.getByLabel('Email').fill(AGENT);
  await page.getByLabel('Password').fill('callpace-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/queue$/);
}

/** Waits until the service worker controls the page (it claims clients on activation). */
async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
}

/** Reads the device store the app keeps (IndexedDB "callpace"), once any navigation under way (Save & next) has landed. */
async function deviceStore(page: Page, store: 'outbox' | 'meta'): Promise<unknown[]> {
  const read = () =>
    page.evaluate(
      (name) =>
        new Promise<unknown[]>((resolve, reject) => {
          const open = indexedDB.open('callpace');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            if (!open.result.objectStoreNames.contains(name)) return resolve([]); // the app has not made its store yet
            const request = open.result.transaction(name).objectStore(name).getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          };
        }),
      store,
    );
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      // A navigation replaced the page while it was being read: read the new page instead.
      if (attempt === 3 || !/Execution context was destroyed/.test(String(error))) throw error;
      await page.waitForLoadState();
    }
  }
}

async function logCall(page: Page, outcome: string) {
  await page.getByRole('radio', { name: outcome }).check();
  await page.getByRole('button', { name: 'Save & next' }).click();
}

const offlineCalls = async () =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE agent_id = $1 AND recorded_offline', [agentId])).rows[0].n;

test('installs, works offline, and replays calls logged offline exactly once', async ({ context, page }) => {
  test.setTimeout(120_000);
  const before = await offlineCalls();
  await signIn(page);
  await controlled(page);

  // Install criteria, as Chrome checks them.
  // (The manifest link arrives with the streamed metadata; ask again until Chrome has settled on it.)
  const cdp = await context.newCDPSession(page);
  await expect
    .poll(async () =>
      (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.filter((error) => error.errorId !== 'in-incognito'),
    )
    .toEqual([]);
  await cdp.detach();

  // Online: the queue is saved on the phone; open the first three leads so their pages are cached.
  // (meta also records who is signed in on the phone: lib/offline/browser/device-user)
  await expect
    .poll(async () => ((await deviceStore(page, 'meta')) as { queueIds?: string[] }[]).filter((entry) => entry.queueIds).length)
    .toBe(1);
  const rows = page.getByRole('list', { name: 'Your queue' }).getByRole('listitem');
  const hrefs = await rows.evaluateAll((items) => items.slice(0, 4).map((item) => item.querySelector('a')!.getAttribute('href')!));
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  await page.goto('/queue');
  const leadIds = hrefs.map((href) => href.split('/').pop()!);

  // Offline: the queue reloads from the worker's cache and says so.
  const wentOffline = new Date();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your queue' }).getByRole('listitem').first()).toBeVisible();

  // Log four calls offline, moving lead to lead with Save & next.
  await page.goto(hrefs[0]);
  for (let i = 0; i < 4; i++) {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await logCall(page, 'No answer');
    await expect(page.getByRole('link', { name: `Pending (${i + 1})` })).toBeVisible();
  }
  // The outbox also holds the field beacons of pages left while offline: telemetry, never counted as Pending.
  const queued = ((await deviceStore(page, 'outbox')) as { kind: string; leadId: string; clientId: string }[]).filter(
    (entry) => entry.kind === 'call',
  );
  expect(queued).toHaveLength(4);

  // Close the app and open it again, still offline: the outbox survived.
  await page.close();
  const reopened = await context.newPage();
  await reopened.goto('/queue');
  await expect(reopened.getByRole('link', { name: 'Pending (4)' })).toBeVisible();

  // Meanwhile the last lead became do-not-call on the server: that replay must reach the agent, not vanish.
  const refused = queued[3].leadId;
  await db.query("UPDATE leads SET status = 'DO_NOT_CALL' WHERE id = $1", [refused]);

  // A page never visited, offline: the offline page, not a browser error.
  await reopened.goto('/settings');
  await expect(reopened.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  await reopened.goto('/queue');

  // Back online: the outbox drains; three calls land exactly once, one needs attention. The header's
  // status changes (Offline → online, Pending → Needs attention) without moving anything on screen.
  await reopened.evaluate(() => {
    const shifts: number[] = [];
    (window as unknown as { shifts: number[] }).shifts = shifts;
    new PerformanceObserver((list) =>
      list.getEntries().forEach((entry) => shifts.push((entry as unknown as { value: number }).value)),
    ).observe({ type: 'layout-shift' });
  });
  await context.setOffline(false);
  await expect.poll(offlineCalls, { timeout: 20_000 }).toBe(before + 3);
  await expect(reopened.getByRole('link', { name: 'Needs attention (1)' })).toBeVisible();
  const stored = await db.query<{ client_id: string; lead_id: string }>(
    'SELECT client_id, lead_id FROM calls WHERE client_id = ANY($1::uuid[])',
    [queued.map((q) => q.clientId)],
  );
  expect(stored.rows.map((row) => row.lead_id).sort()).toEqual(
    queued
      .slice(0, 3)
      .map((q) => q.leadId)
      .sort(),
  );
  expect(leadIds).toContain(queued[0].leadId);

  expect(await reopened.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);

  // The field beacons of the pages left offline replayed too: marked as replayed, with their original times,
  // and gone from the outbox. The drain itself was timed (reconnect → outbox empty).
  await expect
    .poll(
      async () =>
        (
          await db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM vital_samples WHERE replayed AND received_at >= $1 AND at < received_at - interval '1 second' AND at >= $1",
            [wentOffline],
          )
        ).rows[0].n,
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
  await expect
    .poll(async () => ((await deviceStore(reopened, 'outbox')) as { kind: string }[]).filter((entry) => entry.kind === 'vitals').length)
    .toBe(0);
  expect(await reopened.evaluate(() => performance.getEntriesByName('callpace:outbox-drain').map((entry) => entry.duration > 0))).toEqual([
    true,
  ]);

  await reopened.getByRole('link', { name: 'Needs attention (1)' }).click();
  await expect(reopened.getByText('This lead is now do-not-call')).toBeVisible();
  // A second drain (focus, reload) sends nothing twice.
  await reopened.reload();
  await expect(reopened.getByRole('heading', { name: 'Needs attention (1)' })).toBeVisible();
  expect(await offlineCalls()).toBe(before + 3);
  await db.query("UPDATE leads SET status = 'CONTACTED' WHERE id = $1", [refused]);
});

test('a new service worker waits and the app offers the update', async ({ page }) => {
  await signIn(page);
  await controlled(page);
  // The next release's worker, as far as the browser can tell: a worker script at a new URL for the same
  // scope (Playwright cannot rewrite the bytes of a worker script the browser fetches by itself).
  await page.evaluate(() =>
    navigator.serviceWorker.register('/serwist/sw.js?release=next', { scope: '/', type: 'module', updateViaCache: 'none' }),
  );
  await expect(page.getByText('Update available.')).toBeVisible({ timeout: 15_000 });

  // Unsaved input holds the update back.
  const lead = page.getByRole('list', { name: 'Your queue' }).getByRole('listitem').first().getByRole('link');
  await lead.click();
  await expect(page).toHaveURL(/\/leads\//);
  await page.getByLabel('Notes').fill('half-typed note');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByText('save or clear the call form first')).toBeVisible();
  await expect(page.getByLabel('Notes')).toHaveValue('half-typed note');

  // A clean form: the new worker takes over and the page reloads once.
  await page.getByLabel('Notes').fill('');
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Update' }).click();
  await reloaded;
  await expect(page.getByText('Update available')).toHaveCount(0);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toContain('release=next');
});
