import { expect, test } from '@playwright/test';
import { Client } from 'pg';

// A phone-sized queue of 5,000+ leads, scrolled to the end on a CPU slowed 4×:
// the list loads page by page as the agent scrolls, every lead is reachable,
// and the DOM holds only the rows in view (virtualized). Long animation
// frames are recorded as an annotation in reports/playwright.json (a
// measurement, not a pass/fail timing).
const AGENT = 'agent40@callpace.test';
const EXTRA_LEADS = 5_000;
const SOURCE = 'e2e-5000';

let db: Client;

test.beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at the database of the server under test (npm test sets it)');
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query('DELETE FROM leads WHERE source = $1', [SOURCE]);
  await db.query(
    `INSERT INTO leads (id, first_name, last_name, company, phone, email, timezone, status, priority, score, owner_id, source, created_at, updated_at)
     SELECT gen_random_uuid(), 'Scroll', 'Lead ' || i, 'Bulk Co', '+1999' || lpad(i::text, 7, '0'), NULL, 'America/New_York', 'NEW',
            1 + i % 5, i % 100, (SELECT id FROM users WHERE email = $1), $2, now(), now()
       FROM generate_series(1, $3::int) AS i`,
    [AGENT, SOURCE, EXTRA_LEADS],
  );
});

test.afterAll(async () => {
  await db?.query('DELETE FROM leads WHERE source = $1', [SOURCE]);
  await db?.end();
});

test('a 5,000-lead queue scrolls to the end with only the visible rows in the DOM', async ({ page }) => {
  test.setTimeout(120_000);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM leads WHERE owner_id = (SELECT id FROM users WHERE email = $1) AND status IN ('NEW', 'CONTACTED', 'CALLBACK') AND (next_call_at IS NULL OR next_call_at <= now())`,
    [AGENT],
  );
  const total = rows[0].n;
  expect(total).toBeGreaterThanOrEqual(EXTRA_LEADS);

  await page.goto('/login?next=/queue');
  await page.getByLabel('Email').fill(AGENT);
  await page.getByLabel('Password').fill('callpace-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/queue$/);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.evaluate(() => {
    const frames: number[] = [];
    (window as unknown as { longFrames: number[] }).longFrames = frames;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => frames.push(entry.duration))).observe({
      type: 'long-animation-frame',
      buffered: false,
    });
  });

  const list = page.getByRole('list', { name: 'Your queue' });
  const status = page.getByText(/leads in your queue$/);
  let mostRows = 0;
  for (let step = 0; step < 400; step++) {
    await page.mouse.wheel(0, 4_000);
    mostRows = Math.max(mostRows, await list.getByRole('listitem').count());
    if ((await status.textContent()) === `${total} leads in your queue`) break;
    await page.waitForTimeout(25);
  }
  await expect(status).toHaveText(`${total} leads in your queue`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  // The last lead of the queue is on screen, and the list says so to assistive technology.
  const lastRow = list.getByRole('listitem').last();
  await expect(lastRow).toBeInViewport();
  await expect(lastRow).toHaveAttribute('aria-posinset', String(total));
  await expect(lastRow).toHaveAttribute('aria-setsize', String(total));
  // Only a window of rows is ever in the DOM, whatever the length of the list.
  expect(mostRows).toBeGreaterThan(0);
  expect(mostRows).toBeLessThanOrEqual(30);

  const longFrames = await page.evaluate(() => (window as unknown as { longFrames: number[] }).longFrames);
  test.info().annotations.push({
    type: 'long animation frames (CPU 4× slower)',
    description: `${longFrames.length} over 50 ms while loading and scrolling ${total} rows; longest ${Math.round(Math.max(0, ...longFrames))} ms`,
  });
});
