/**
 * `--only outbox`: the outbox after a dead zone, in Chromium with Pixel 7
 * emulation. 200 calls wait in the phone's IndexedDB, each for a lead of the
 * agent's queue with its own client id, the network comes back, and the app
 * drains them: measures reconnect → outbox empty, then counts the server's
 * rows for those client ids (exactly one each, or replay is not exactly once).
 *
 * The calls are written straight into the store, as a long dead zone would
 * leave them, rather than logged one by one through the call screen. The
 * records are checked against the app's own outbox types (`satisfies
 * CallItem`), so a change to the outbox's shape fails the type check instead
 * of the benchmark, minutes into a run. Only the types are shared: the code
 * runs inside the page, serialised by Playwright, and cannot import the app.
 */
import { chromium, devices } from '@playwright/test';
import type { LeadItem } from '../../lib/leads/lead-item';
import type { CallItem } from '../../lib/offline/browser/idb';
import { AGENT, BASE, DATABASE_URL, queryOnce, say, startServer, stopServer } from './shared';

const DRAIN_CALLS = 200;

export interface OutboxDrain {
  calls: number;
  drainMs: number;
  perCallMs: number;
  rows: number;
}

/** Defined in the page by the init script below. */
declare function storeCount(name: string): Promise<number>;

async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function runOutboxDrain(): Promise<OutboxDrain> {
  const server = await startServer('on');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: BASE });
    // The number of entries in one of the app's IndexedDB stores (0 when the app has not made it yet);
    // opens without creating the database and closes its connection, so it never blocks the app's upgrades.
    await context.addInitScript(() => {
      (globalThis as unknown as { storeCount: (name: string) => Promise<number> }).storeCount = async (name) => {
        if (!(await indexedDB.databases()).some((database) => database.name === 'callpace')) return 0;
        return new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('callpace');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains(name)) return (db.close(), resolve(0));
            const request = db.transaction(name).objectStore(name).count();
            request.onsuccess = () => (db.close(), resolve(request.result));
            request.onerror = () => (db.close(), reject(request.error));
          };
        });
      };
    });
    const page = await context.newPage();
    await page.goto('/login?next=/queue');
    await page.getByLabel('Email').fill(AGENT.email);
    await page.getByLabel('Password').fill(AGENT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/queue$/);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    // The app has made its device store once the queue is saved on the phone.
    await until(() => page.evaluate(() => storeCount('meta')).then((n) => n > 0), 30_000);
    const leadIds = await page.evaluate(async () => {
      const response = await fetch('/api/leads?limit=100');
      return ((await response.json()) as { items: Pick<LeadItem, 'id'>[] }).items.map((item) => item.id);
    });

    await context.setOffline(true);
    const clientIds = await page.evaluate(
      ({ leadIds, count }) =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('callpace');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('outbox', 'readwrite');
            const ids: string[] = [];
            const start = Date.now() - count * 60_000;
            for (let i = 0; i < count; i++) {
              const clientId = crypto.randomUUID();
              const createdAt = start + i * 60_000;
              const leadId = leadIds[i % leadIds.length];
              ids.push(clientId);
              tx.objectStore('outbox').put({
                clientId,
                kind: 'call',
                leadId,
                leadName: 'Bench lead',
                createdAt,
                state: 'pending',
                attempts: 0,
                nextAttemptAt: 0,
                body: { clientId, leadId, outcome: 'no_answer', durationSec: 15, startedAt: new Date(createdAt).toISOString() },
              } satisfies CallItem);
            }
            tx.oncomplete = () => (open.result.close(), resolve(ids));
            tx.onerror = () => reject(tx.error);
          };
        }),
      { leadIds, count: DRAIN_CALLS },
    );

    const queuedNow = await page.evaluate(() => storeCount('outbox'));
    if (queuedNow !== DRAIN_CALLS) throw new Error(`expected ${DRAIN_CALLS} calls in the outbox before reconnecting, found ${queuedNow}`);
    const started = Date.now();
    await context.setOffline(false);
    await until(() => page.evaluate(() => storeCount('outbox')).then((n) => n === 0), 120_000, 20);
    const drainMs = Date.now() - started;
    const [{ n: rows }] = await queryOnce<{ n: number }>(
      DATABASE_URL,
      'SELECT count(*)::int AS n FROM calls WHERE client_id = ANY($1::uuid[])',
      [clientIds],
    );
    say(`outbox drain: ${DRAIN_CALLS} calls in ${drainMs} ms; ${rows} rows on the server`);
    return { calls: DRAIN_CALLS, drainMs, perCallMs: drainMs / DRAIN_CALLS, rows };
  } finally {
    await browser.close();
    await stopServer(server);
  }
}
