import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listLeads } from '@/app/api/leads/route';
import { GET as getLead } from '@/app/api/leads/[id]/route';
import { POST as reserve } from '@/app/api/leads/[id]/reservation/route';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let sql: SqlRunner;
let agent1: string;

let manager: string;
let agent1Id: string;
let agent2Id: string;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  [agent1, manager] = await Promise.all([signIn('agent1@callpace.test'), signIn('manager1@callpace.test')]);
  const users = await sql.query<{ id: string; email: string }>(
    "SELECT id, email FROM users WHERE email IN ('agent1@callpace.test', 'agent2@callpace.test')",
  );
  agent1Id = users.find((u) => u.email === 'agent1@callpace.test')!.id;
  agent2Id = users.find((u) => u.email === 'agent2@callpace.test')!.id;
});
afterAll(() => sql.close());

/** A fixed-offset zone where the local hour is now `hour` (Etc/GMT signs are inverted). */
function zoneAt(hour: number): string {
  const offset = ((hour - new Date().getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Reshapes agent1's leads into a known arrangement, all at local midday. */
async function arrange() {
  await sql.exec(
    `UPDATE leads SET reserved_by_id = NULL, reserved_until = NULL, next_call_at = NULL, status = 'CONTACTED', timezone = '${zoneAt(12)}' WHERE owner_id = '${agent1Id}'`,
  );
}

async function queue(cookie: string, query = '') {
  const items: { id: string; [k: string]: unknown }[] = [];
  let cursor: string | null = null;
  do {
    const result = await invoke(listLeads, `/api/leads?limit=40${query}${cursor ? `&cursor=${cursor}` : ''}`, { cookie });
    expect(result.status).toBe(200);
    items.push(...result.json.items);
    cursor = result.json.nextCursor;
  } while (cursor);
  return items;
}

describe('GET /api/leads (the queue)', () => {
  it('answers 401 when signed out', async () => {
    expect((await invoke(listLeads, '/api/leads')).status).toBe(401);
  });

  it('orders due callbacks first, then priority, score and least recently called, leaving out leads not due yet; pages without gaps or repeats', async () => {
    await arrange();
    const leads = await sql.query<{ id: string }>(`SELECT id FROM leads WHERE owner_id = '${agent1Id}' ORDER BY id LIMIT 3`);
    await sql.query(`UPDATE leads SET next_call_at = now() - interval '1 hour', status = 'CALLBACK', priority = 5 WHERE id = $1`, [
      leads[0].id,
    ]);
    await sql.query(
      `UPDATE leads SET next_call_at = now() + interval '1 day', status = 'CALLBACK', priority = 1, score = 100 WHERE id = $1`,
      [leads[1].id],
    );

    const items = await queue(agent1);
    const expected = await sql.query<{ id: string }>(`
      SELECT id FROM leads WHERE owner_id = '${agent1Id}' AND status IN ('NEW', 'CONTACTED', 'CALLBACK') AND (next_call_at IS NULL OR next_call_at <= now())
       ORDER BY (next_call_at IS NOT NULL AND next_call_at <= now()) DESC, priority, score DESC, last_called_at ASC NULLS FIRST, id`);
    expect(items.map((i) => i.id)).toEqual(expected.map((e) => e.id));
    expect(items[0]).toMatchObject({ id: leads[0].id, due: true });
    expect(items.some((i) => i.id === leads[1].id)).toBe(false); // its callback is tomorrow
    expect(Object.keys(items[0])).toEqual(
      expect.arrayContaining([
        'id',
        'firstName',
        'lastName',
        'company',
        'phone',
        'email',
        'timezone',
        'status',
        'priority',
        'score',
        'nextCallAt',
        'lastCalledAt',
      ]),
    );
  });

  it('pages through leads never called (an open-ended sort key) without gaps or repeats', async () => {
    await arrange();
    await sql.exec(`UPDATE leads SET last_called_at = NULL, priority = 3, score = 50 WHERE owner_id = '${agent1Id}'`);
    const items: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const result = await invoke(listLeads, `/api/leads?limit=7${cursor ? `&cursor=${cursor}` : ''}`, { cookie: agent1 });
      expect(result.status).toBe(200);
      items.push(...result.json.items);
      cursor = result.json.nextCursor;
    } while (cursor);
    const expected = await sql.query<{ id: string }>(
      `SELECT id FROM leads WHERE owner_id = '${agent1Id}' AND status IN ('NEW', 'CONTACTED', 'CALLBACK') ORDER BY id`,
    );
    expect(items.map((i) => i.id)).toEqual(expected.map((e) => e.id));
  });

  it.each(['2020-02-30T00:00:00+00:00', '0000-01-01T00:00:00+00:00', '2020-01-01T00:00:00+23:59'])(
    'refuses a cursor whose time PostgreSQL cannot cast (%s) with 422',
    async (at) => {
      const cursor = Buffer.from(JSON.stringify([0, 0, 1, 0, at, '3f1c2b7e-1a2b-4c3d-8e9f-0123456789ab'])).toString('base64url');
      expect((await invoke(listLeads, `/api/leads?cursor=${cursor}`, { cookie: agent1 })).status).toBe(422);
    },
  );

  it('never shows do-not-call leads and shows only the agent’s own', async () => {
    await arrange();
    const [dnc] = await sql.query<{ id: string }>(
      `UPDATE leads SET status = 'DO_NOT_CALL' WHERE id = (SELECT id FROM leads WHERE owner_id = '${agent1Id}' LIMIT 1) RETURNING id`,
    );
    const items = await queue(agent1);
    expect(items.find((i) => i.id === dnc.id)).toBeUndefined();
    const owners = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM leads WHERE id = ANY($1) AND owner_id <> '${agent1Id}'`, [
      items.map((i) => i.id),
    ]);
    expect(owners[0].n).toBe(0);
  });

  it('sinks leads outside their local calling hours to the bottom, marked', async () => {
    await arrange();
    const zone = zoneAt(3);
    const [night] = await sql.query<{ id: string }>(
      `UPDATE leads SET timezone = $1, priority = 1, score = 100 WHERE id = (SELECT id FROM leads WHERE owner_id = '${agent1Id}' ORDER BY id DESC LIMIT 1) RETURNING id`,
      [zone],
    );
    const items = await queue(agent1);
    expect(items.at(-1)).toMatchObject({ id: night.id, inCallingHours: false });
    expect(items.slice(0, -1).every((i) => i.inCallingHours)).toBe(true);
  });

  it('skips leads reserved by someone else until the hold expires', async () => {
    await arrange();
    const [lead] = await sql.query<{ id: string }>(`SELECT id FROM leads WHERE owner_id = '${agent1Id}' LIMIT 1`);
    await sql.query(`UPDATE leads SET reserved_by_id = $2, reserved_until = now() + interval '5 minutes' WHERE id = $1`, [
      lead.id,
      agent2Id,
    ]);
    expect((await queue(agent1)).some((i) => i.id === lead.id)).toBe(false);
    await sql.query(`UPDATE leads SET reserved_until = now() - interval '1 second' WHERE id = $1`, [lead.id]);
    expect((await queue(agent1)).some((i) => i.id === lead.id)).toBe(true);
  });

  it.each([
    { name: 'a too-short search', query: '?q=a', path: 'q' },
    { name: 'an unknown status', query: '?status=bogus', path: 'status' },
    { name: 'a limit over 100', query: '?limit=1000', path: 'limit' },
    { name: 'a forged cursor', query: '?cursor=bm9wZQ', path: 'cursor' },
  ])('answers 422 for $name', async ({ query, path }) => {
    const result = await invoke(listLeads, `/api/leads${query}`, { cookie: agent1 });
    expect(result.status).toBe(422);
    expect(result.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});

describe('GET /api/leads?q= (search)', () => {
  it('finds a lead by name, company, email and by phone digits in any formatting, saying why', async () => {
    await arrange();
    const [lead] = await sql.query<{ id: string; first_name: string; last_name: string; phone: string; company: string }>(
      `SELECT id, first_name, last_name, phone, company FROM leads WHERE owner_id = '${agent1Id}' AND company IS NOT NULL LIMIT 1`,
    );
    const byName = await invoke(listLeads, `/api/leads?q=${encodeURIComponent(`${lead.first_name} ${lead.last_name}`)}`, {
      cookie: agent1,
    });
    expect(byName.json.items.find((i: { id: string }) => i.id === lead.id).matchedOn).toContain('name');
    const digits = lead.phone.slice(-7);
    const formatted = `(${digits.slice(0, 3)}) ${digits.slice(3)}`;
    const byPhone = await invoke(listLeads, `/api/leads?q=${encodeURIComponent(formatted)}`, { cookie: agent1 });
    expect(byPhone.json.items.find((i: { id: string }) => i.id === lead.id)?.matchedOn).toEqual(['phone']);
    const byCompany = await invoke(listLeads, `/api/leads?q=${encodeURIComponent(lead.company.split(' ')[1])}`, { cookie: agent1 });
    expect(byCompany.json.items.some((i: { matchedOn: string[] }) => i.matchedOn.includes('company'))).toBe(true);
  });

  it('never returns another agent’s leads', async () => {
    const [other] = await sql.query<{ phone: string }>(`SELECT phone FROM leads WHERE owner_id = '${agent2Id}' LIMIT 1`);
    const result = await invoke(listLeads, `/api/leads?q=${encodeURIComponent(other.phone)}`, { cookie: agent1 });
    expect(result.json.items).toEqual([]);
    const asManager = await invoke(listLeads, `/api/leads?q=${encodeURIComponent(other.phone)}`, { cookie: manager });
    expect(asManager.json.items).toHaveLength(1);
  });
});

describe('GET /api/leads/[id]', () => {
  it('returns the lead with its calls, each with its clientId', async () => {
    const [lead] = await sql.query<{ id: string; n: number }>(
      `SELECT lead_id AS id, count(*)::int AS n FROM calls c JOIN leads l ON l.id = c.lead_id WHERE l.owner_id = '${agent1Id}' GROUP BY lead_id LIMIT 1`,
    );
    const result = await invoke(getLead, `/api/leads/${lead.id}`, { cookie: agent1, params: { id: lead.id } });
    expect(result.status).toBe(200);
    expect(result.json.id).toBe(lead.id);
    expect(result.json.calls).toHaveLength(lead.n);
    expect(result.json.calls[0]).toMatchObject({ clientId: expect.any(String), outcome: expect.stringMatching(/^[a-z_]+$/) });
  });

  it('is 404 for another agent’s lead, for a missing one and for a malformed id; managers see all', async () => {
    const [other] = await sql.query<{ id: string }>(`SELECT id FROM leads WHERE owner_id = '${agent2Id}' LIMIT 1`);
    expect((await invoke(getLead, `/api/leads/${other.id}`, { cookie: agent1, params: { id: other.id } })).status).toBe(404);
    expect((await invoke(getLead, `/api/leads/${randomUUID()}`, { cookie: agent1, params: { id: randomUUID() } })).status).toBe(404);
    expect((await invoke(getLead, '/api/leads/not-an-id', { cookie: agent1, params: { id: 'not-an-id' } })).status).toBe(404);
    expect((await invoke(getLead, `/api/leads/${other.id}`, { cookie: manager, params: { id: other.id } })).status).toBe(200);
  });
});

describe('POST /api/leads/[id]/reservation', () => {
  it('holds a lead for its owner and refuses while someone else holds it', async () => {
    await arrange();
    const [lead] = await sql.query<{ id: string }>(`SELECT id FROM leads WHERE owner_id = '${agent1Id}' LIMIT 1`);
    const held = await invoke(reserve, `/api/leads/${lead.id}/reservation`, { method: 'POST', cookie: agent1, params: { id: lead.id } });
    expect(held.status).toBe(200);
    expect(Date.parse(held.json.reservedUntil)).toBeGreaterThan(Date.now() + 4 * 60_000);
    await sql.query('UPDATE leads SET reserved_by_id = $2 WHERE id = $1', [lead.id, agent2Id]);
    expect(
      (await invoke(reserve, `/api/leads/${lead.id}/reservation`, { method: 'POST', cookie: agent1, params: { id: lead.id } })).status,
    ).toBe(409);
    const [other] = await sql.query<{ id: string }>(`SELECT id FROM leads WHERE owner_id = '${agent2Id}' LIMIT 1`);
    expect(
      (await invoke(reserve, `/api/leads/${other.id}/reservation`, { method: 'POST', cookie: agent1, params: { id: other.id } })).status,
    ).toBe(404);
  });
});
