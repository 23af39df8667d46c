/** `npm run user -- create …`, run as an operator would: a child process on the test database, the password piped in. */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as accept } from '@/app/api/invitations/accept/route';
import { db } from '@/lib/platform/db/client';
import { openSqlRunner } from '@/lib/platform/db/sql';
import { inspectToken } from '@/lib/users/tokens';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

const PASSWORD = 'piped-in-and-long-enough';

function runUser(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/user.ts', ...args], {
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, APP_URL: 'https://callpace.example' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

beforeAll(async () => {
  const sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  await sql.close();
});

describe('npm run user -- create', () => {
  it('creates an admin from a piped password, who can then sign in; the password is never printed', async () => {
    const result = await runUser(['create', '--email', 'Ops.Admin@CLI.test', '--name', 'Ops Admin', '--role', 'admin'], `${PASSWORD}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created an admin \([0-9a-f-]{36}\)\. They can sign in at https:\/\/callpace\.example\/login$/m);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    const user = await db.user.findUniqueOrThrow({ where: { email: 'ops.admin@cli.test' } });
    expect(user).toMatchObject({ role: 'ADMIN', name: 'Ops Admin', active: true, managerId: null });
    expect(await signIn('ops.admin@cli.test', PASSWORD)).toContain('callpace.session_token=');
    expect(await db.auditEvent.findFirst({ where: { subjectId: user.id } })).toMatchObject({
      action: 'user.create',
      actorId: user.id,
      detail: { via: 'command line' },
    });
  });

  it('puts an agent in an active manager’s team', async () => {
    const result = await runUser(
      ['create', '--email', 'agent@cli.test', '--name', 'Cli Agent', '--role', 'agent', '--manager', 'manager2@callpace.test'],
      PASSWORD,
    );
    expect(result.code).toBe(0);
    const manager = await db.user.findUniqueOrThrow({ where: { email: 'manager2@callpace.test' } });
    expect(await db.user.findUniqueOrThrow({ where: { email: 'agent@cli.test' } })).toMatchObject({
      role: 'AGENT',
      managerId: manager.id,
      timezone: manager.timezone,
    });
    expect(await signIn('agent@cli.test', PASSWORD)).toContain('callpace.session_token=');
  });

  it('prints an invitation link instead with --invite, which sets the password', async () => {
    const result = await runUser(['create', '--email', 'invited@cli.test', '--name', 'Cli Invitee', '--role', 'manager', '--invite']);
    expect(result.code).toBe(0);
    const token = result.stdout.match(/https:\/\/callpace\.example\/invite\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();
    const user = await db.user.findUniqueOrThrow({ where: { email: 'invited@cli.test' } });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    expect(await inspectToken(token, ['INVITE'])).toMatchObject({ state: 'valid', userId: user.id });
    const accepted = await invoke(accept, '/api/invitations/accept', {
      body: { token, password: PASSWORD },
      headers: { origin: 'http://localhost:3000' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json.redirect).toBe('/dashboard');
  });

  it.each([
    ['a bad role', ['--email', 'x1@cli.test', '--name', 'X', '--role', 'boss'], PASSWORD, /--role must be admin, manager or agent/],
    ['a bad email', ['--email', 'nope', '--name', 'X', '--role', 'agent'], PASSWORD, /--email is not an email address/],
    ['no name', ['--email', 'x2@cli.test', '--role', 'agent'], PASSWORD, /--name is required/],
    ['a duplicate email', ['--email', 'AGENT1@callpace.test', '--name', 'X', '--role', 'agent'], PASSWORD, /already exists/],
    ['a short password', ['--email', 'x3@cli.test', '--name', 'X', '--role', 'agent'], 'short\n', /at least 12 characters/],
    [
      'the email as the password',
      ['--email', 'long.address@cli.test', '--name', 'X', '--role', 'agent'],
      'Long.Address@cli.test\n',
      /must not be your email/,
    ],
    [
      'an unknown manager',
      ['--email', 'x5@cli.test', '--name', 'X', '--role', 'agent', '--manager', 'nobody@cli.test'],
      PASSWORD,
      /active manager/,
    ],
    [
      'an agent as the manager',
      ['--email', 'x6@cli.test', '--name', 'X', '--role', 'agent', '--manager', 'agent2@callpace.test'],
      PASSWORD,
      /active manager/,
    ],
    [
      'a manager for a manager',
      ['--email', 'x7@cli.test', '--name', 'X', '--role', 'manager', '--manager', 'manager1@callpace.test'],
      PASSWORD,
      /agents only/,
    ],
  ])('refuses %s with exit code 1 and writes nothing', async (_name, args, stdin, message) => {
    const before = await db.user.count();
    const result = await runUser(['create', ...args], stdin);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(await db.user.count()).toBe(before);
  });
});
