/**
 * Invitation and reset links by email, against a real SMTP server (smtp-server on a random loopback port,
 * started before the app reads its configuration): the message arrives with the link; with the server
 * gone, the API still answers with the link and `emailed: false`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const smtp = await vi.hoisted(async () => {
  const { SMTPServer } = await import('smtp-server');
  const received: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port)),
  );
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = 'Callpace <no-reply@callpace.test>';
  process.env.APP_URL = 'http://localhost:3000'; // required with SMTP_URL
  return { server, received };
});

import { POST as create } from '@/app/api/users/route';
import { POST as resetLink } from '@/app/api/users/[id]/password-reset/route';
import { openSqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let admin: string;
let agentId: string;
const origin = { origin: 'http://localhost:3000' };

beforeAll(async () => {
  const sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  [{ id: agentId }] = await sql.query<{ id: string }>("SELECT id FROM users WHERE email = 'agent3@callpace.test'");
  await sql.close();
  admin = await signIn('admin@callpace.test');
});
afterAll(() => new Promise<void>((resolve) => smtp.server.close(() => resolve())));

/** The plain-text body, quoted-printable soft line breaks undone. */
const body = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

describe('links by email', () => {
  it('mails the invitation with its link to the invited person', async () => {
    const [manager] = await import('@/lib/platform/db/client').then(({ db }) => db.user.findMany({ where: { role: 'MANAGER' }, take: 1 }));
    const result = await invoke(create, '/api/users', {
      method: 'POST',
      cookie: admin,
      headers: origin,
      body: { email: 'Mailed.Person@Example.com', name: 'Mailed Person', role: 'AGENT', managerId: manager.id },
    });
    expect(result.status).toBe(201);
    expect(result.json.emailed).toBe(true);
    const message = smtp.received.find((mail) => mail.to.includes('mailed.person@example.com'));
    expect(message).toBeDefined();
    expect(message!.from).toBe('no-reply@callpace.test');
    expect(message!.raw).toMatch(/Subject: You are invited to Callpace/);
    expect(body(message!.raw)).toContain(result.json.inviteUrl);
  });

  it('mails a reset link', async () => {
    const result = await invoke(resetLink, `/api/users/${agentId}/password-reset`, {
      method: 'POST',
      cookie: admin,
      headers: origin,
      params: { id: agentId },
    });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ kind: 'reset', emailed: true });
    const message = smtp.received.find((mail) => mail.to.includes('agent3@callpace.test'));
    expect(message!.raw).toMatch(/Subject: Reset your Callpace password/);
    expect(body(message!.raw)).toContain(result.json.resetUrl);
  });

  it('mails the app’s own origin, not one a forged Host header names', async () => {
    const manager = await signIn('manager1@callpace.test');
    const forged = { host: 'evil.example', origin: 'http://evil.example' };
    const result = await invoke(create, '/api/users', {
      method: 'POST',
      cookie: manager,
      headers: forged,
      body: { email: 'forged.host@example.com', name: 'Forged Host', role: 'AGENT' },
    });
    expect(result.status).toBe(201);
    const message = smtp.received.find((mail) => mail.to.includes('forged.host@example.com'));
    expect(body(message!.raw)).toContain('http://localhost:3000/invite/');
    expect(message!.raw).not.toContain('evil.example');
  });

  it('still answers with the link when the mail server is gone (emailed: false)', async () => {
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const result = await invoke(resetLink, `/api/users/${agentId}/password-reset`, {
      method: 'POST',
      cookie: admin,
      headers: origin,
      params: { id: agentId },
    });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ kind: 'reset', resetUrl: expect.stringContaining('/reset/'), emailed: false });
    const lines = log.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('email not sent'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('agent3@callpace.test');
    log.mockRestore();
  });
});
