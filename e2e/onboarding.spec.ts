import { spawn, type ChildProcess } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { devices, expect, test, type Browser, type Page } from '@playwright/test';
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
  database = await createTestDatabase('callpace_onboarding');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: database.url, DEMO_DATA: 'off', PORT: String(PORT), NODE_ENV: 'production', REDIS_URL: 'redis://127.0.0.1:6379/12', JOBS: 'off', TRUSTED_PROXIES: 'loopback', APP_URL: undefined },
  });
  server = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no setup link and no server within 90 s:\n${output}`)), 90_000);
    let link: string | null = null;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      link ??= output.match(/open (http:\/\/localhost:\d+\/setup\?token=[\w-]+)/)?.[1] ?? null;
      // The link is printed before the server listens: wait for it to answer.
      if (link && /Ready|ready in|listening/i.test(output.slice(output.indexOf(link)))) {
        clearTimeout(timer);
        resolve(link);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
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
  await form.getByLabel('Role').selectOption({ label: person.role });
  if (person.manager) await form.getByLabel('Manager').selectOption({ label: person.manager });
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

test('a new team: setup link → first admin → invitations accepted → import → a call → deactivation signs the agent out', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run is enough: it starts an instance of its own');
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
  await admin.getByLabel('New password').fill('short');
  await admin.getByLabel('Type it again').fill('short');
  await admin.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(admin.getByRole('alert')).toContainText('at least 12 characters');
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
  await expect(agent.page.getByRole('list', { name: 'Your queue' })).toHaveCount(0);

  // The manager imports five leads for the team, round-robin (one agent: all to Arlo).
  const lines = ['First Name,Last Name,Phone,Company'];
  for (let i = 0; i < 5; i++) lines.push(`Lead${i},Acmeson,+1 415 555 01${String(10 + i)},Acme Prospects`);
  await manager.page.goto(`${origin}/leads/import`);
  await manager.page.getByLabel('CSV file').setInputFiles({ name: 'acme.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await manager.page.getByLabel('Time zone for leads without one').fill(zoneAtNoon());
  await manager.page.getByLabel('Assign new leads').selectOption('round_robin');
  await manager.page.getByRole('button', { name: 'Import leads' }).click();
  await expect(manager.page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('5 rows: 5 new leads', { timeout: 60_000 });

  // The agent's queue has them; they open one, call and log the outcome.
  await agent.page.reload();
  const queue = agent.page.getByRole('list', { name: 'Your queue' });
  await expect(queue.getByRole('listitem')).toHaveCount(5);
  await expect(queue).toContainText('+1 415 555 0110'.slice(0, 6));
  await queue.getByRole('listitem').first().getByRole('link').click();
  await expect(agent.page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
  await expect(agent.page.getByRole('link', { name: /^Call \+1/ })).toHaveAttribute('href', /^tel:\+1415555011\d$/);
  await agent.page.getByRole('radio', { name: 'No answer' }).check();
  await agent.page.getByRole('button', { name: 'Save & next' }).click();
  await expect(agent.page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
  // No answer: the lead waits for its retry time (the team's rules), so four are left in the queue.
  await agent.page.goto(`${origin}/queue`);
  await expect(queue.getByRole('listitem')).toHaveCount(4);

  // The admin deactivates the agent, sharing their open leads out (nobody else on the team: unassigned).
  await admin.reload();
  const row = admin.getByRole('row').filter({ hasText: 'Arlo Agent' });
  await row.getByText('Manage').click();
  await row.getByLabel('Their open leads').selectOption('unassigned');
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await expect(admin.getByRole('row').filter({ hasText: 'Arlo Agent' })).toContainText(/deactivated/i);

  // The agent's open tab is signed out on its next request.
  await queue.getByRole('listitem').first().getByRole('link').click();
  await expect(agent.page).toHaveURL(/\/login/);
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
