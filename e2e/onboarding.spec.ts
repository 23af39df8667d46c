import { spawn, type ChildProcess } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { devices, expect, test, type Browser, type Page } from '@playwright/test';
import { buildIsCurrent } from '../scripts/build-state';
import { createTestDatabase, dropTestDatabase } from '../tests/setup/test-database';

// A real team's first hour, on a database of its own with DEMO_DATA=off: `npm start` prints the setup
// link, the first admin signs up through it, invites a manager and an agent, both accept in browsers of
// their own, the manager imports leads, the agent calls one, and the admin deactivates the agent, whose
// open tab is signed out on its next request.
const PORT = 3201;
const PASSWORD = { admin: 'first admin of acme', manager: 'manager of the acme team', agent: 'acme agent on the phones' };

let server: ChildProcess | undefined;
let database: { name: string; url: string } | undefined;

test.afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  if (database) await dropTestDatabase(database.name).catch(() => {});
});

/** Starts `npm start` (scripts/start.ts, the build is current) on a fresh database and returns the setup link it prints. */
async function startFreshInstance(): Promise<string> {
  // A stale build would make npm start rebuild .next under the server the other specs are using.
  if (!buildIsCurrent()) throw new Error('the production build is stale: build first (npm test does), then run this spec');
  database = await createTestDatabase('callpace_onboarding');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      DEMO_DATA: 'off',
      PORT: String(PORT),
      NODE_ENV: 'production',
      REDIS_URL: 'redis://127.0.0.1:6379/12',
      JOBS: 'off',
      TRUSTED_PROXIES: 'loopback',
      APP_URL: undefined,
    },
  });
  server = child;
  let output = '';
  const link = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no setup link within 90 s:\n${output}`)), 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/open (http:\/\/localhost:\d+\/setup\?token=[\w-]+)/)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  // The link is printed before the server listens: wait until it answers.
  const health = new URL('/api/health', link);
  for (const started = Date.now(); Date.now() - started < 90_000; await new Promise((r) => setTimeout(r, 250))) {
    if (
      await fetch(health).then(
        (r) => r.ok,
        () => false,
      )
    )
      return link;
  }
  throw new Error(`the instance did not become healthy:\n${output}`);
}

async function expectAccessible(page: Page) {
  await expect(page).toHaveTitle(/Callpace/);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function invite(page: Page, person: { email: string; name: string; role: 'Agent' | 'Manager'; manager?: string }): Promise<string> {
  const form = page.getByRole('form', { name: 'Invite someone' });
  await form.getByLabel('Email').fill(person.email);
  await form.getByLabel('Name').fill(person.name);
  await form.getByRole('combobox', { name: /^Role/ }).selectOption({ label: person.role });
  if (person.manager) await form.getByRole('combobox', { name: /^Manager/ }).selectOption({ label: person.manager });
  await form.getByRole('button', { name: 'Invite' }).click();
  const notice = page.getByRole('region', { name: `Invitation link for ${person.name}` });
  await expect(notice).toContainText('it works once and expires in 7 days');
  const link = await notice.getByRole('textbox').inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{43}$/);
  await notice.getByRole('button', { name: 'Done' }).click();
  return link;
}

/** Opens an invitation in a browser of its own (nobody's cookies), sets the password and lands signed in. */
async function accept(browser: Browser, link: string, password: string, landing: RegExp, device = devices['Desktop Chrome']) {
  const context = await browser.newContext({ ...device });
  const page = await context.newPage();
  await page.goto(link);
  await expectAccessible(page);
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('Type it again').fill(password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page).toHaveURL(landing);
  // The link worked once: opened again, it says so.
  const again = await context.newPage();
  await again.goto(link);
  await expect(again.getByRole('heading', { level: 1 })).toContainText(/already used/i);
  await again.close();
  return { context, page };
}

/** An IANA zone where it is about noon now, so the imported leads are inside the default calling window whenever this runs. */
function zoneAtNoon(): string {
  const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

test('a new team: setup link → first admin → invitations accepted → import → a call → deactivation signs the agent out', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const setupLink = await startFreshInstance();
  const origin = new URL(setupLink).origin;

  // The first admin, through the one-time link.
  const adminContext = await browser.newContext({ ...devices['Desktop Chrome'] });
  const admin = await adminContext.newPage();
  await admin.goto(setupLink);
  await expectAccessible(admin);
  await admin.getByLabel('Your name').fill('Ada Admin');
  await admin.getByLabel('Email').fill('ada@acme.example');
  // The browser holds a short password back (minlength); the server refuses the email as a password.
  await admin.getByLabel('New password').fill('ada@acme.example');
  await admin.getByLabel('Type it again').fill('ada@acme.example');
  await admin.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(admin.getByRole('main').getByRole('alert')).toContainText('must not be your email address');
  await admin.getByLabel('New password').fill(PASSWORD.admin);
  await admin.getByLabel('Type it again').fill(PASSWORD.admin);
  await admin.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(admin).toHaveURL(/\/dashboard$/);

  // A fresh database has no demo banner.
  await admin.goto(`${origin}/admin/users`);
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('People');
  await expect(admin.getByText('Demo data')).toHaveCount(0);
  await expectAccessible(admin);
  const managerLink = await invite(admin, { email: 'mia@acme.example', name: 'Mia Manager', role: 'Manager' });
  await admin.reload();
  const agentLink = await invite(admin, { email: 'arlo@acme.example', name: 'Arlo Agent', role: 'Agent', manager: 'Mia Manager' });

  // Both accept, each in a browser of their own.
  const manager = await accept(browser, managerLink, PASSWORD.manager, /\/dashboard$/);
  const agent = await accept(browser, agentLink, PASSWORD.agent, /\/queue$/, devices['Pixel 7']);
  await expect(agent.page.getByRole('list', { name: 'Your queue' }).getByRole('listitem')).toHaveCount(0);

  // The manager imports five leads for the team, round-robin (one agent: all to Arlo).
  const lines = ['First Name,Last Name,Phone,Company'];
  for (let i = 0; i < 5; i++) lines.push(`Lead${i},Acmeson,+1 415 555 01${String(10 + i)},Acme Prospects`);
  await manager.page.goto(`${origin}/leads/import`);
  await manager.page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'acme.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await manager.page.getByLabel('Time zone for leads without one').fill(zoneAtNoon());
  await manager.page.getByLabel('Assign new leads').selectOption('round_robin');
  await manager.page.getByRole('button', { name: 'Import leads' }).click();
  await expect(manager.page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('5 rows: 5 new leads', { timeout: 60_000 });

  // The agent's queue has them; they open one, call and log the outcome.
  await agent.page.reload();
  const queue = agent.page.getByRole('list', { name: 'Your queue' });
  await expect(queue.getByRole('listitem')).toHaveCount(5);
  await queue.getByRole('listitem').first().getByRole('link').click();
  await expect(agent.page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
  // Stored as E.164 (the tel: link), shown to people in the international format.
  await expect(agent.page.getByRole('link', { name: /^Call \+1 415 555 011\d$/ })).toHaveAttribute('href', /^tel:\+1415555011\d$/);
  await agent.page.getByRole('radio', { name: 'No answer' }).check();
  // The call is stored before the agent moves on (leaving the page with the request in flight would abort it).
  const stored = agent.page.waitForResponse((response) => response.url().endsWith('/api/calls') && response.request().method() === 'POST');
  await agent.page.getByRole('button', { name: 'Save & next' }).click();
  expect((await stored).status()).toBe(201);
  await expect(agent.page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
  // No answer: the lead waits for its retry time (the team's rules), so four are left in the queue.
  await agent.page.goto(`${origin}/queue`);
  await expect(queue.getByRole('listitem')).toHaveCount(4);

  // The admin deactivates the agent, sharing their open leads out (nobody else on the team: unassigned).
  await admin.reload();
  const manage = admin.getByText('Manage Arlo Agent', { exact: true });
  const row = admin.getByRole('row').filter({ has: manage });
  await manage.click();
  await row.getByLabel('Their open leads').selectOption('unassigned');
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText(/deactivated/i);

  // The agent's open tab is signed out on its next request (a search: the next lead's page was prefetched
  // while they were signed in, so opening it asks the server nothing).
  await agent.page.getByLabel('Search leads by name, company, email or phone').fill('Lead');
  await expect(agent.page).toHaveURL(/\/login\?next=/);
  await agent.page.getByLabel('Email').fill('arlo@acme.example');
  await agent.page.getByLabel('Password').fill(PASSWORD.agent);
  await agent.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.page.getByRole('main').getByRole('alert')).toContainText('do not match');

  // The audit trail has every step.
  await admin.goto(`${origin}/admin/audit`);
  await expectAccessible(admin);
  const trail = admin.getByRole('table');
  for (const words of [/invited/i, /deactivated/i]) await expect(trail).toContainText(words);

  await manager.context.close();
  await agent.context.close();
  await adminContext.close();
});
