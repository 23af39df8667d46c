import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as queue, POST as create } from '@/app/api/leads/route';
import { GET as detail, PATCH as patch } from '@/app/api/leads/[id]/route';
import { GET as history } from '@/app/api/leads/[id]/history/route';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let sql: SqlRunner;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const origin = { origin: 'http://localhost:3000' };

/** London numbers reserved for drama (+44 20 7946 0xxx): the seed never makes them. */
let next = 100;
const freshPhone = () => `+44 20 7946 0${next++}`;
const e164 = (phone: string) => phone.replace(/\s/g, '');

const edit = (who: string, leadId: string, body: Record<string, unknown>) =>
  invoke(patch, `/api/leads/${leadId}`, {
    method: 'PATCH',
    body: { clientId: randomUUID(), ...body },
    cookie: cookies[who],
    headers: origin,
    params: { id: leadId },
  });
const createLead = (who: string, body: Record<string, unknown>) =>
  invoke(create, '/api/leads', { body, cookie: cookies[who], headers: origin });
const leadOf = async (ownerId: string | null) =>
  (
    await sql.query<{ id: string; first_name: string; last_name: string; phone: string }>(
      `SELECT id, first_name, last_name, phone FROM leads WHERE owner_id ${ownerId ? '= $1' : 'IS NULL'} AND status = 'NEW' ORDER BY id LIMIT 1 OFFSET ${Math.floor(Math.random() * 5)}`,
      ownerId ? [ownerId] : [],
    )
  )[0];
const changesOf = (eventId: string) =>
  sql.query<{ field: string; from_value: string | null; to_value: string | null }>(
    'SELECT field, from_value, to_value FROM lead_changes WHERE event_id = $1 ORDER BY field',
    [eventId],
  );

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  const people = {
    agent: 'agent1',
    teammate: 'agent2',
    outsider: 'agent20',
    manager: 'manager1',
    otherManager: 'manager2',
    admin: 'admin',
  };
  for (const [who, name] of Object.entries(people)) {
    const email = `${name}@callpace.test`;
    cookies[who] = await signIn(email);
    [{ id: ids[who] }] = await sql.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
  }
});
afterAll(() => sql.close());

describe('PATCH /api/leads/[id] (agents)', () => {
  it('corrects the contact fields of the agent’s own lead, with one audit event and the changed fields before and after', async () => {
    const lead = await leadOf(ids.agent);
    const [before] = await sql.query<{ email: string | null; timezone: string; notes: string | null }>(
      'SELECT email, timezone, notes FROM leads WHERE id = $1',
      [lead.id],
    );
    const clientId = randomUUID();
    const phone = freshPhone();
    const result = await invoke(patch, `/api/leads/${lead.id}`, {
      method: 'PATCH',
      cookie: cookies.agent,
      headers: origin,
      params: { id: lead.id },
      body: {
        clientId,
        firstName: 'Renata',
        lastName: lead.last_name,
        phone,
        email: 'Renata@Example.COM',
        timezone: 'Europe/London',
        notes: 'Prefers mornings',
      },
    });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      id: lead.id,
      firstName: 'Renata',
      phone: e164(phone),
      phoneDisplay: phone,
      email: 'renata@example.com',
      timezone: 'Europe/London',
      notes: 'Prefers mornings',
    });

    const [event] = await sql.query<{
      actor_id: string;
      action: string;
      lead_count: number;
      team_id: string | null;
      detail: { leadId: string; fields: string[] };
    }>('SELECT actor_id, action, lead_count, team_id, detail FROM audit_events WHERE id = $1', [clientId]);
    expect(event).toMatchObject({ actor_id: ids.agent, action: 'lead.edit', lead_count: 1, team_id: ids.manager });
    expect(event.detail.leadId).toBe(lead.id);
    const changes = await changesOf(clientId);
    // The last name was sent unchanged: not a change.
    const expected = {
      email: before.email !== 'renata@example.com',
      firstName: true,
      notes: before.notes !== 'Prefers mornings',
      phone: true,
      timezone: before.timezone !== 'Europe/London',
    };
    expect(changes.map((change) => change.field)).toEqual(
      Object.keys(expected).filter((field) => expected[field as keyof typeof expected]),
    );
    expect(changes.find((change) => change.field === 'firstName')).toEqual({
      field: 'firstName',
      from_value: lead.first_name,
      to_value: 'Renata',
    });
    expect(changes.find((change) => change.field === 'phone')).toEqual({ field: 'phone', from_value: lead.phone, to_value: e164(phone) });
    expect([...event.detail.fields].sort()).toEqual(changes.map((change) => change.field));
  });

  it('answers 404 for another agent’s lead and changes nothing', async () => {
    const lead = await leadOf(ids.teammate);
    const result = await edit('agent', lead.id, { firstName: 'Nope' });
    expect(result.status).toBe(404);
    expect(result.json.error.message).toBe('No such lead, or it is not yours.');
    const [row] = await sql.query<{ first_name: string }>('SELECT first_name FROM leads WHERE id = $1', [lead.id]);
    expect(row.first_name).toBe(lead.first_name);
  });

  it('refuses reassignment, priority and recycling from agents with 403', async () => {
    const lead = await leadOf(ids.agent);
    for (const body of [{ ownerId: ids.teammate }, { ownerId: null }, { priority: 1 }, { recycle: true }]) {
      const result = await edit('agent', lead.id, body);
      expect(result.status, JSON.stringify(body)).toBe(403);
      expect(result.json.error.message).toMatch(/^Only managers can/);
    }
  });

  const invalid: { name: string; body: Record<string, unknown>; path: string }[] = [
    { name: 'an unparseable phone', body: { phone: '12' }, path: 'phone' },
    { name: 'a national number without a country', body: { phone: '020 7946 0958' }, path: 'phone' },
    { name: 'a zone that is not IANA', body: { timezone: 'Mars/Olympus' }, path: 'timezone' },
    { name: 'an abbreviation for a zone', body: { timezone: 'EST' }, path: 'timezone' },
    { name: 'an empty first name', body: { firstName: '  ' }, path: 'firstName' },
    { name: 'a name over 100 characters', body: { lastName: 'x'.repeat(101) }, path: 'lastName' },
    { name: 'notes over 2000 characters', body: { notes: 'x'.repeat(2001) }, path: 'notes' },
    { name: 'an email that is not one', body: { email: 'not-an-email' }, path: 'email' },
    { name: 'a NUL byte', body: { company: 'Acme\u0000' }, path: 'company' },
    { name: 'a priority out of range', body: { priority: 9 }, path: 'priority' },
    { name: 'nothing to change', body: {}, path: '(root)' },
  ];
  for (const { name, body, path } of invalid) {
    it(`refuses ${name} with 422 naming ${path}`, async () => {
      const lead = await leadOf(ids.agent);
      const result = await edit(path === 'priority' ? 'manager' : 'agent', lead.id, body);
      expect(result.status).toBe(422);
      expect(result.json.error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
      if (path === 'phone')
        expect(result.json.error.message).toContain(
          'is not a phone number we can call (use the international format, e.g. +44 20 7946 0958)',
        );
    });
  }

  it('refuses a missing or malformed clientId with 422', async () => {
    const lead = await leadOf(ids.agent);
    const result = await invoke(patch, `/api/leads/${lead.id}`, {
      method: 'PATCH',
      body: { firstName: 'X' },
      cookie: cookies.agent,
      headers: origin,
      params: { id: lead.id },
    });
    expect(result.status).toBe(422);
    expect((await edit('agent', lead.id, { clientId: 'abc', firstName: 'X' })).status).toBe(422);
  });

  it('refuses a phone that belongs to another lead with 409 naming the field, without revealing that lead', async () => {
    const mine = await leadOf(ids.agent);
    // Another team's lead, with a number the agent types as they would.
    const typed = freshPhone();
    const [other] = await sql.query<{ first_name: string; last_name: string; phone: string }>(
      'UPDATE leads SET phone = $2 WHERE id = (SELECT id FROM leads WHERE owner_id = $1 LIMIT 1) RETURNING first_name, last_name, phone',
      [ids.outsider, e164(typed)],
    );
    const result = await edit('agent', mine.id, { phone: typed });
    expect(result.status).toBe(409);
    expect(result.json.error).toMatchObject({
      code: 'conflict',
      message: 'That phone number already belongs to another lead.',
      field: 'phone',
    });
    const text = JSON.stringify(result.json);
    for (const secret of [other.phone, other.phone.slice(1), typed, other.first_name, other.last_name]) expect(text).not.toContain(secret);
    const [row] = await sql.query<{ phone: string }>('SELECT phone FROM leads WHERE id = $1', [mine.id]);
    expect(row.phone).toBe(mine.phone);
  });

  it('answers a replay of the same clientId with 200 and the lead as it is, writing nothing twice', async () => {
    const lead = await leadOf(ids.agent);
    const clientId = randomUUID();
    const body = { clientId, company: `Replay Ltd ${clientId.slice(0, 6)}` };
    const send = () =>
      invoke(patch, `/api/leads/${lead.id}`, { method: 'PATCH', body, cookie: cookies.agent, headers: origin, params: { id: lead.id } });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    // A later replay (the outbox after a lost response) after someone else changed the lead does not undo that change.
    await edit('agent', lead.id, { company: 'Changed since' });
    const third = await send();
    expect(third.status).toBe(200);
    expect(third.json.company).toBe('Changed since');
    const [{ n }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE id = $1', [clientId]);
    expect(n).toBe(1);
    expect(await changesOf(clientId)).toHaveLength(1);
  });

  it('answers 409 when a clientId already belongs to another lead’s change, or another person’s', async () => {
    const [a, b] = await sql.query<{ id: string }>("SELECT id FROM leads WHERE owner_id = $1 AND status = 'NEW' ORDER BY id LIMIT 2", [
      ids.agent,
    ]);
    const clientId = randomUUID();
    expect((await edit('agent', a.id, { clientId, notes: 'first' })).status).toBe(200);
    const reused = await edit('agent', b.id, { clientId, notes: 'second' });
    expect(reused.status).toBe(409);
    expect(reused.json.error.message).toMatch(/^This clientId already belongs to another change; make a new UUID/);
    const byManager = await edit('manager', a.id, { clientId, notes: 'third' });
    expect(byManager.status).toBe(409);
    const [row] = await sql.query<{ notes: string }>('SELECT notes FROM leads WHERE id = $1', [b.id]);
    expect(row.notes).not.toBe('second');
  });

  it('writes nothing for a change that changes nothing', async () => {
    const lead = await leadOf(ids.agent);
    const clientId = randomUUID();
    const result = await edit('agent', lead.id, { clientId, firstName: lead.first_name });
    expect(result.status).toBe(200);
    expect((await sql.query('SELECT 1 FROM audit_events WHERE id = $1', [clientId])).length).toBe(0);
  });
});

describe('PATCH /api/leads/[id] (managers)', () => {
  it('edits a team lead and reassigns it to an agent of the team', async () => {
    const lead = await leadOf(ids.agent);
    const clientId = randomUUID();
    const result = await edit('manager', lead.id, { clientId, ownerId: ids.teammate, priority: 1, lastName: 'Moved' });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ ownerId: ids.teammate, priority: 1, lastName: 'Moved' });
    const changes = await changesOf(clientId);
    expect(changes.find((change) => change.field === 'owner')).toEqual({ field: 'owner', from_value: ids.agent, to_value: ids.teammate });
    // The agent it left no longer sees it.
    expect((await invoke(detail, `/api/leads/${lead.id}`, { cookie: cookies.agent, params: { id: lead.id } })).status).toBe(404);
    expect((await invoke(detail, `/api/leads/${lead.id}`, { cookie: cookies.teammate, params: { id: lead.id } })).status).toBe(200);
  });

  it('refuses another team’s agent with 403, and a lead outside the team with 404', async () => {
    const lead = await leadOf(ids.teammate);
    const result = await edit('manager', lead.id, { ownerId: ids.outsider });
    expect(result.status).toBe(403);
    expect(result.json.error).toMatchObject({
      message: 'That agent is not on your team: choose one of your agents, or nobody.',
      field: 'ownerId',
    });
    const theirs = await leadOf(ids.outsider);
    expect((await edit('manager', theirs.id, { firstName: 'X' })).status).toBe(404);
    // An admin may give a lead to any active agent.
    expect((await edit('admin', lead.id, { ownerId: ids.outsider })).status).toBe(200);
  });

  it('refuses a deactivated agent with 422', async () => {
    const [inactive] = await sql.query<{ id: string }>("SELECT id FROM users WHERE manager_id = $1 AND email = 'agent3@callpace.test'", [
      ids.manager,
    ]);
    await sql.query('UPDATE users SET active = false WHERE id = $1', [inactive.id]);
    try {
      const lead = await leadOf(ids.agent);
      const result = await edit('manager', lead.id, { ownerId: inactive.id });
      expect(result.status).toBe(422);
      expect(result.json.error.field).toBe('ownerId');
    } finally {
      await sql.query('UPDATE users SET active = true WHERE id = $1', [inactive.id]);
    }
  });

  it('recycles a lead whose attempts are used up (back to NEW, no attempts, no next call), and refuses a NEW lead with 409', async () => {
    const lead = await leadOf(ids.agent);
    await sql.query("UPDATE leads SET status = 'ATTEMPTS_USED_UP', attempts = 6, next_call_at = now() + interval '1 day' WHERE id = $1", [
      lead.id,
    ]);
    const clientId = randomUUID();
    const result = await edit('manager', lead.id, { clientId, recycle: true });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ status: 'NEW', nextCallAt: null });
    const [row] = await sql.query<{ status: string; attempts: number; next_call_at: Date | null }>(
      'SELECT status::text, attempts, next_call_at FROM leads WHERE id = $1',
      [lead.id],
    );
    expect(row).toEqual({ status: 'NEW', attempts: 0, next_call_at: null });
    const [event] = await sql.query<{ action: string }>('SELECT action FROM audit_events WHERE id = $1', [clientId]);
    expect(event.action).toBe('lead.recycle');
    expect((await changesOf(clientId)).map((change) => [change.field, change.from_value, change.to_value])).toEqual([
      ['attempts', '6', '0'],
      ['nextCallAt', expect.any(String), null],
      ['status', 'ATTEMPTS_USED_UP', 'NEW'],
    ]);

    const again = await edit('manager', lead.id, { recycle: true });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/recycled/);
  });
});

describe('POST /api/leads', () => {
  const newLead = (extra: Record<string, unknown> = {}) => ({
    firstName: 'Ines',
    lastName: `Zweistein${next}`,
    phone: freshPhone(),
    timezone: 'Europe/London',
    company: 'Solo GmbH',
    ...extra,
  });

  it('creates one lead for an agent of the team (201), which appears in that agent’s queue', async () => {
    const clientId = randomUUID();
    const body = newLead({ clientId, ownerId: ids.agent, priority: 1, email: 'ines@example.com' });
    const result = await createLead('manager', body);
    expect(result.status).toBe(201);
    expect(result.json).toMatchObject({
      id: expect.any(String),
      firstName: 'Ines',
      phone: e164(body.phone as string),
      phoneDisplay: body.phone,
      ownerId: ids.agent,
      priority: 1,
      status: 'NEW',
    });
    const id = result.json.id as string;

    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await invoke(queue, `/api/leads?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { cookie: cookies.agent });
      expect(page.status).toBe(200);
      found.push(...page.json.items.map((item: { id: string }) => item.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(found).toContain(id);
    const search = await invoke(queue, `/api/leads?q=${body.lastName}`, { cookie: cookies.agent });
    expect(search.json.items.map((item: { id: string }) => item.id)).toEqual([id]);

    const [event] = await sql.query<{ action: string; team_id: string }>('SELECT action, team_id FROM audit_events WHERE id = $1', [
      clientId,
    ]);
    expect(event).toEqual({ action: 'lead.create', team_id: ids.manager });
    expect((await changesOf(clientId)).map((change) => change.field)).toEqual([
      'company',
      'email',
      'firstName',
      'lastName',
      'owner',
      'phone',
      'priority',
      'timezone',
    ]);
    // A replay answers 200 with the same lead and creates nothing.
    const replay = await createLead('manager', body);
    expect(replay.status).toBe(200);
    expect(replay.json.id).toBe(id);
    const [{ n }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE phone = $1', [e164(body.phone as string)]);
    expect(n).toBe(1);
  });

  it('creates an unassigned lead by default', async () => {
    const result = await createLead('manager', newLead());
    expect(result.status).toBe(201);
    expect(result.json.ownerId).toBeNull();
  });

  it('refuses numbers on the do-not-call list and numbers of existing leads with 409', async () => {
    const phone = freshPhone();
    await sql.query('INSERT INTO do_not_call_numbers (phone) VALUES ($1)', [e164(phone)]);
    const dnc = await createLead('manager', newLead({ phone }));
    expect(dnc.status).toBe(409);
    expect(dnc.json.error).toMatchObject({ field: 'phone', message: expect.stringMatching(/do-not-call/) });
    const existing = freshPhone();
    await sql.query('UPDATE leads SET phone = $2 WHERE id = (SELECT id FROM leads WHERE owner_id = $1 ORDER BY id DESC LIMIT 1)', [
      ids.outsider,
      e164(existing),
    ]);
    const taken = await createLead('manager', newLead({ phone: existing }));
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatchObject({ message: 'That phone number already belongs to another lead.', field: 'phone' });
    expect((await sql.query('SELECT 1 FROM leads WHERE phone = $1', [e164(phone)])).length).toBe(0);
  });

  it('decides races on the unique keys: one of two leads with the same new number, one lead for two posts of one clientId', async () => {
    const phone = freshPhone();
    const results = await Promise.all([createLead('manager', newLead({ phone })), createLead('admin', newLead({ phone }))]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
    expect(results.find((result) => result.status === 409)?.json.error.field).toBe('phone');

    const body = newLead({ clientId: randomUUID() });
    const twice = await Promise.all([createLead('manager', body), createLead('manager', body)]);
    expect(twice.map((result) => result.status).sort()).toEqual([200, 201]);
    expect(twice[0].json.id).toBe(twice[1].json.id);
  });

  it('refuses agents (403), another team’s agent (403) and missing fields (422)', async () => {
    expect((await createLead('agent', newLead())).status).toBe(403);
    expect((await createLead('manager', newLead({ ownerId: ids.outsider }))).status).toBe(403);
    const missing = await createLead('manager', { firstName: 'A' });
    expect(missing.status).toBe(422);
    expect(missing.json.error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['lastName', 'phone', 'timezone']);
    expect(missing.json.error.issues.find((issue: { path: string }) => issue.path === 'timezone').message).toMatch(/^is required/);
  });
});

describe('GET /api/leads/[id]/history', () => {
  it('lists the lead’s changes newest first, with who made them; 404 for those who may not see the lead', async () => {
    const lead = await leadOf(ids.agent);
    const phone = freshPhone();
    expect((await edit('agent', lead.id, { phone })).status).toBe(200);
    expect((await edit('manager', lead.id, { priority: 2 })).status).toBe(200);
    const result = await invoke(history, `/api/leads/${lead.id}/history`, { cookie: cookies.agent, params: { id: lead.id } });
    expect(result.status).toBe(200);
    const [latest, earlier] = result.json.items;
    expect(latest).toMatchObject({ action: 'lead.edit', actorRole: 'MANAGER', changes: [{ field: 'priority', to: '2' }] });
    // Phones are shown formatted for people.
    expect(earlier).toMatchObject({ action: 'lead.edit', actorRole: 'AGENT', changes: [{ field: 'phone', to: phone }] });
    expect(Date.parse(latest.at)).toBeGreaterThanOrEqual(Date.parse(earlier.at));

    for (const who of ['outsider', 'otherManager', 'teammate']) {
      const refused = await invoke(history, `/api/leads/${lead.id}/history`, { cookie: cookies[who], params: { id: lead.id } });
      expect(refused.status, who).toBe(404);
      expect(JSON.stringify(refused.json)).not.toContain(e164(phone));
    }
  });

  it('shows owners by name', async () => {
    const lead = await leadOf(ids.agent);
    expect((await edit('manager', lead.id, { ownerId: ids.teammate })).status).toBe(200);
    const result = await invoke(history, `/api/leads/${lead.id}/history`, { cookie: cookies.manager, params: { id: lead.id } });
    const [{ name }] = await sql.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [ids.teammate]);
    expect(result.json.items[0].changes).toEqual([{ field: 'owner', from: expect.any(String), to: name }]);
  });
});
