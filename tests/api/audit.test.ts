import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as audit } from '@/app/api/audit/route';
import { POST as bulk } from '@/app/api/team/leads/bulk/route';
import { POST as create } from '@/app/api/users/route';
import { PATCH as patch } from '@/app/api/users/[id]/route';
import { recordAudit } from '@/lib/audit/record';
import { actionInWords } from '@/lib/audit/describe';
import type { AuditItem } from '@/lib/audit/list';
import { db } from '@/lib/platform/db/client';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let sql: SqlRunner;
const ids: Record<string, string> = {};
const names: Record<string, string> = {};
const cookies: Record<string, string> = {};
const origin = { origin: 'http://localhost:3000' };

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  for (const row of await sql.query<{ id: string; email: string; name: string }>('SELECT id, email, name FROM users')) {
    ids[row.email.split('@')[0]] = row.id;
    names[row.email.split('@')[0]] = row.name;
  }
  [cookies.admin, cookies.manager1, cookies.manager2, cookies.agent1] = await Promise.all([
    signIn('admin@callpace.test'),
    signIn('manager1@callpace.test'),
    signIn('manager2@callpace.test'),
    signIn('agent1@callpace.test'),
  ]);

  const change = (who: string, id: string, body: unknown) =>
    invoke(patch, `/api/users/${id}`, { method: 'PATCH', body, cookie: cookies[who], headers: origin, params: { id } });
  expect((await change('manager1', ids.agent2, { name: 'Team One Renamed' })).status).toBe(200);
  expect((await change('manager2', ids.agent20, { name: 'Team Two Renamed' })).status).toBe(200);
  expect(
    (
      await invoke(create, '/api/users', {
        method: 'POST',
        cookie: cookies.admin,
        headers: origin,
        body: { email: 'audit.agent@example.com', name: 'Audit Agent', role: 'AGENT', managerId: ids.manager1 },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await invoke(create, '/api/users', {
        method: 'POST',
        cookie: cookies.admin,
        headers: origin,
        body: { email: 'audit.manager@example.com', name: 'Audit Manager', role: 'MANAGER' },
      })
    ).status,
  ).toBe(201);
  const [lead] = await sql.query<{ id: string }>('SELECT id FROM leads WHERE owner_id = $1 LIMIT 1', [ids.agent3]);
  expect(
    (
      await invoke(bulk, '/api/team/leads/bulk', {
        cookie: cookies.manager1,
        headers: origin,
        body: { target: { ids: [lead.id] }, change: { action: 'reassign', ownerId: ids.agent4 } },
      })
    ).status,
  ).toBe(200);
  const [other] = await sql.query<{ id: string }>('SELECT id FROM leads WHERE owner_id = $1 AND priority <> 2 LIMIT 1', [ids.agent21]);
  expect(
    (
      await invoke(bulk, '/api/team/leads/bulk', {
        cookie: cookies.manager2,
        headers: origin,
        body: { target: { ids: [other.id] }, change: { action: 'priority', priority: 2 } },
      })
    ).status,
  ).toBe(200);
  // Events other features write, in the shapes they use.
  await db.$transaction(async (tx) => {
    await tx.auditEvent.create({
      data: { actorId: ids.manager1, action: 'leads.import', detail: { fileName: 'spring.csv', inserted: 3, updated: 1 }, leadCount: 4 },
    });
    await tx.auditEvent.create({ data: { actorId: ids.agent5, action: 'leads.do_not_call', detail: { via: 'call' }, leadCount: 1 } });
    await recordAudit(tx, {
      actorId: ids.manager1,
      action: 'rules.update',
      teamId: ids.manager1,
      detail: { changed: ['startHour', 'maxAttempts'] },
    });
    await recordAudit(tx, { actorId: ids.agent5, action: 'lead.edit', teamId: ids.manager1, detail: { fields: ['phone'] }, leadCount: 1 });
    await recordAudit(tx, { actorId: ids.admin, action: 'user.password_change', subjectId: ids.admin });
  });
});
afterAll(() => sql.close());

async function allPages(who: string, limit: number): Promise<AuditItem[]> {
  const items: AuditItem[] = [];
  let before: string | null = null;
  do {
    const result = await invoke(audit, `/api/audit?limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ''}`, {
      cookie: cookies[who],
    });
    expect(result.status).toBe(200);
    expect(result.json.items.length).toBeLessThanOrEqual(limit);
    items.push(...result.json.items);
    before = result.json.nextBefore;
  } while (before);
  return items;
}

describe('GET /api/audit', () => {
  it('gives an admin every event, newest first, through every page', async () => {
    const items = await allPages('admin', 3);
    const expected = await sql.query<{ id: string }>('SELECT id FROM audit_events ORDER BY created_at DESC, id DESC');
    expect(items.map((item) => item.id)).toEqual(expected.map((row) => row.id));
  });

  it('gives a manager their team’s events and their own actions only', async () => {
    const items = await allPages('manager1', 2);
    const expected = await sql.query<{ id: string }>(
      'SELECT id FROM audit_events WHERE team_id = $1 OR actor_id = $1 ORDER BY created_at DESC, id DESC',
      [ids.manager1],
    );
    expect(items.map((item) => item.id)).toEqual(expected.map((row) => row.id));
    expect(items.every((item) => item.teamId === ids.manager1 || item.actor.id === ids.manager1)).toBe(true);
    expect(items.some((item) => item.summary.includes('Team Two Renamed'))).toBe(false);
    expect(items.some((item) => item.action === 'leads.priority')).toBe(false);
    expect(items.map((item) => item.action)).toEqual(
      expect.arrayContaining(['user.name', 'user.invite', 'leads.reassign', 'leads.import', 'rules.update', 'lead.edit']),
    );
    const other = await allPages('manager2', 50);
    expect(other.some((item) => item.summary.includes('Team Two Renamed'))).toBe(true);
    expect(other.some((item) => item.summary.includes('Team One Renamed'))).toBe(false);
  });

  it('describes each event in words, with names for the people it refers to', async () => {
    const items = await allPages('admin', 200);
    const find = (action: string, test: (item: AuditItem) => boolean = () => true) =>
      items.find((item) => item.action === action && test(item))!;
    expect(find('user.name', (item) => item.subject?.id === ids.agent2)).toMatchObject({
      actionInWords: 'Renamed',
      actor: { name: names.manager1 },
      summary: expect.stringContaining('to “Team One Renamed”'),
    });
    expect(find('user.invite', (item) => item.subject?.name === 'Audit Agent').summary).toBe(`As Agent in ${names.manager1}’s team`);
    expect(find('user.invite', (item) => item.subject?.name === 'Audit Manager').summary).toBe('As Manager');
    expect(find('leads.reassign').summary).toBe(`1 lead to ${names.agent4}`);
    expect(find('leads.priority').summary).toBe('1 lead to priority 2');
    expect(find('leads.import').summary).toBe('spring.csv: 3 new, 1 updated');
    expect(find('leads.do_not_call').summary).toBe('From a call');
    expect(find('rules.update').summary).toBe('Changed startHour, maxAttempts');
    expect(find('lead.edit').summary).toBe('Changed phone');
    for (const item of items) expect(item.actionInWords).not.toBe(item.action);
    expect(actionInWords('something.new')).toBe('something.new');
  });

  it.each([
    { name: 'an agent', who: 'agent1', query: '', status: 403 },
    { name: 'the signed-out', who: '', query: '', status: 401 },
    { name: 'a made-up cursor', who: 'admin', query: '?before=yesterday', status: 422 },
    {
      name: 'an impossible date in the cursor',
      who: 'admin',
      query: '?before=2020-02-30T00:00:00.000Z_00000000-0000-4000-8000-000000000000',
      status: 422,
    },
    { name: 'a limit too large', who: 'admin', query: '?limit=1000', status: 422 },
  ])('refuses $name ($status)', async ({ who, query, status }) => {
    const result = await invoke(audit, `/api/audit${query}`, { cookie: cookies[who] });
    expect(result.status).toBe(status);
    expect(result.json.error.message).toEqual(expect.any(String));
  });
});
