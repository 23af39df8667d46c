import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import fc from 'fast-check';
import { Client } from 'pg';
import { signInAs } from './support/sign-in';

// The server actions, as an attacker reaches them: a form POST to the page with the action's id and
// generated hostile fields (bytes PostgreSQL refuses, lone surrogates, huge numbers, files, missing
// fields), signed out, as a manager and as the admin. Over HTTP against the production build, because an
// action needs the request Next builds around it. Not one may answer 5xx, nothing may be written, and
// afterwards a good save still works.
const RUNS = 100;
let db: Client;
const ruleId = randomUUID();
const ruleName = `e2e hostile rule ${ruleId.slice(0, 8)}`;

test.beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at the database of the server under test');
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO alert_rules (id, name, source, metric, scope, warning, critical, min_samples, consecutive_breaches, window_minutes, enabled, updated_at)
    VALUES ($1, $2, 'API_LATENCY', 'api:p95', '{}', 100, 400, 50, 1, 5, false, now())`,
    [ruleId, ruleName],
  );
});

test.afterAll(async () => {
  await db.query('DELETE FROM alert_rules WHERE id = $1', [ruleId]);
  await db.end();
});

/** The ids of the page's server actions, from the hidden field Next puts in each server-rendered form for posting without JavaScript. */
async function actionIds(page: Page): Promise<string[]> {
  const html = await (await page.request.get('/reports/performance?range=1h')).text();
  return [...new Set([...html.matchAll(/name="\$ACTION_ID_([0-9a-f]+)"/g)].map((match) => match[1]))];
}

const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uDFFFx',
    '-1',
    '1e308',
    '-1e308',
    'NaN',
    'Infinity',
    '0x10',
    '',
    ' ',
    '9'.repeat(400),
    'http://127.0.0.1/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'javascript:alert(1)',
    'http://\u0000.example/',
    'https://example.com/' + 'x'.repeat(9000),
    'on',
    'off',
    randomUUID(),
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    "' OR 1=1 --",
  ),
);

const FIELDS = ['id', 'range', 'warning', 'critical', 'minSamples', 'consecutiveBreaches', 'windowMinutes', 'webhookUrl', 'enabled'];
const good: Record<string, string> = {
  id: ruleId,
  range: '1h',
  warning: '120',
  critical: '450',
  minSamples: '40',
  consecutiveBreaches: '2',
  windowMinutes: '10',
  webhookUrl: '',
  enabled: 'on',
};

/** A good form with one to three fields replaced or dropped, sometimes a file where text belongs. */
const hostileForm = fc
  .array(
    fc.tuple(
      fc.constantFrom(...FIELDS),
      fc.oneof(
        hostileText.map((text) => ({ text })),
        fc.constant({ drop: true }),
        fc.constant({ file: true }),
      ),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((changes) => {
    const form: Record<string, string | { name: string; mimeType: string; buffer: Buffer }> = { ...good };
    for (const [field, change] of changes) {
      if ('drop' in change) delete form[field];
      else if ('file' in change) form[field] = { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') };
      else form[field] = change.text;
    }
    return form;
  });

async function postAction(request: APIRequestContext, actionId: string, form: Record<string, unknown>) {
  return request.post('/reports/performance?range=1h', {
    multipart: { [`$ACTION_ID_${actionId}`]: '', ...(form as Record<string, string>) },
    headers: { origin: new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1:3000').origin },
    maxRedirects: 0,
  });
}

const stored = async () =>
  (
    await db.query(
      'SELECT warning, critical, min_samples, consecutive_breaches, window_minutes, webhook_url, enabled FROM alert_rules WHERE id = $1',
      [ruleId],
    )
  ).rows[0];

test('server actions: hostile forms from anyone get no 5xx and write nothing; a good save still works', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, 'admin@callpace.test', '/reports/performance?range=1h');
  const ids = await actionIds(page);
  expect(ids.length, 'the page has the evaluate and save actions').toBeGreaterThanOrEqual(2);
  const before = await stored();

  const manager = await browser.newContext({ baseURL });
  await signInAs(await manager.newPage(), 'manager1@callpace.test', '/dashboard');
  const anonymous = await browser.newContext({ baseURL });
  const senders = [page.request, manager.request, anonymous.request];

  const statuses = new Map<number, number>();
  const send = async (request: APIRequestContext, form: Record<string, unknown>) => {
    for (const id of ids) {
      const response = await postAction(request, id, form);
      statuses.set(response.status(), (statuses.get(response.status()) ?? 0) + 1);
      expect(response.status(), `action ${id} with ${JSON.stringify(form).slice(0, 300)}`).toBeLessThan(500);
    }
  };
  const forms = fc.sample(hostileForm, RUNS);
  // Managers and signed-out senders never change a rule, whatever they send (a good form included).
  for (const [n, form] of [...forms.slice(0, RUNS / 2), good].entries()) await send(senders[1 + (n % 2)], form);
  expect(await stored()).toEqual(before);
  // The admin's hostile forms are refused whole, or saved when they happen to be valid: what is stored keeps the rule's invariants.
  for (const form of forms.slice(RUNS / 2)) await send(page.request, form);
  const after = await stored();
  expect(Number.isFinite(after.warning) && after.warning >= 0 && after.critical >= after.warning).toBe(true);
  expect(
    Number.isInteger(after.min_samples) && after.min_samples >= 1 && after.consecutive_breaches >= 1 && after.consecutive_breaches <= 60,
  ).toBe(true);
  expect(Number.isInteger(after.window_minutes) && after.window_minutes >= 1 && after.window_minutes <= 1440).toBe(true);
  expect(after.webhook_url).toBeNull(); // every generated address is private, malformed or does not resolve
  console.log(`server actions: ${RUNS} hostile forms × ${ids.length} actions, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);

  // Still works: the admin's good form is saved.
  await send(page.request, good);
  expect(await stored()).toMatchObject({
    warning: 120,
    critical: 450,
    min_samples: 40,
    consecutive_breaches: 2,
    window_minutes: 10,
    webhook_url: null,
    enabled: true,
  });
  await manager.close();
  await anonymous.close();
});
