import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as teamLeads } from '@/app/api/team/leads/route';
import { POST as bulk } from '@/app/api/team/leads/bulk/route';
import { GET as queue } from '@/app/api/leads/route';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let sql: SqlRunner;
let manager: string;
let agent: string;
let managerId: string;
let team: { id: string; email: string }[];
let outsider: string;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  [manager, agent] = await Promise.all([signIn('manager1@callpace.test'), signIn('agent1@callpace.test')]);
  [{ id: managerId }] = await sql.query<{ id: string }>("SELECT id FROM users WHERE email = 'manager1@callpace.test'");
  team = await sql.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE manager_id = $1 ORDER BY email', [managerId]);
  [{ id: outsider }] = await sql.query<{ id: string }>("SELECT id FROM users WHERE role = 'AGENT' AND manager_id <> $1 LIMIT 1", [
    managerId,
  ]);
});
afterAll(() => sql.close());

const inScope = `(owner_id IN (SELECT id FROM users WHERE manager_id = $1) OR owner_id IS NULL)`;

async function allPages(query: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total: number | null = null;
  do {
    const result = await invoke(teamLeads, `/api/team/leads?limit=200&${query}${cursor ? `&cursor=${cursor}` : ''}`, { cookie: manager });
    expect(result.status).toBe(200);
    if (total === null) total = result.json.total;
    ids.push(...result.json.items.map((item: { id: string }) => item.id));
    cursor = result.json.nextCursor;
  } while (cursor);
  return { ids, total };
}

describe('GET /api/team/leads', () => {
  it('lists exactly the team’s and unassigned leads, newest first, through every page', async () => {
    const { ids, total } = await allPages('');
    const expected = await sql.query<{ id: string }>(`SELECT id FROM leads WHERE ${inScope} ORDER BY created_at DESC, id DESC`, [
      managerId,
    ]);
    expect(total).toBe(expected.length);
    expect(ids).toEqual(expected.map((row) => row.id));
  });

  it('filters by status, owner, priority, source and search like a brute-force count', async () => {
    const [{ source }] = await sql.query<{ source: string }>(`SELECT source FROM leads WHERE ${inScope} AND source IS NOT NULL LIMIT 1`, [
      managerId,
    ]);
    const [{ last_name }] = await sql.query<{ last_name: string }>(`SELECT last_name FROM leads WHERE ${inScope} LIMIT 1`, [managerId]);
    const cases: [string, string, unknown[]][] = [
      ['status=callback', `status = 'CALLBACK'`, []],
      [`owner=${team[0].id}`, `owner_id = $2`, [team[0].id]],
      ['owner=none', 'owner_id IS NULL', []],
      ['priority=1', 'priority = 1', []],
      [`source=${encodeURIComponent(source)}`, 'source = $2', [source]],
      [
        `q=${encodeURIComponent(last_name)}`,
        `(first_name ILIKE $2 OR last_name ILIKE $2 OR company ILIKE $2 OR email ILIKE $2)`,
        [`%${last_name}%`],
      ],
      [`status=new&priority=3&owner=${team[1].id}`, `status = 'NEW' AND priority = 3 AND owner_id = $2`, [team[1].id]],
    ];
    for (const [query, where, params] of cases) {
      const [{ n }] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM leads WHERE ${inScope} AND ${where}`, [
        managerId,
        ...params,
      ]);
      const { ids, total } = await allPages(query);
      expect(total, query).toBe(n);
      expect(ids.length, query).toBe(n);
    }
  });

  it('refuses bad filters with 422 and agents with 403', async () => {
    expect((await invoke(teamLeads, '/api/team/leads?status=maybe', { cookie: manager })).status).toBe(422);
    expect((await invoke(teamLeads, '/api/team/leads?owner=bob', { cookie: manager })).status).toBe(422);
    expect((await invoke(teamLeads, '/api/team/leads?cursor=nonsense', { cookie: manager })).status).toBe(422);
    // Times V8's Date.parse takes and PostgreSQL's ::timestamptz refuses.
    for (const at of ['2020-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z']) {
      const cursor = Buffer.from(JSON.stringify([at, '3f1c2b7e-1a2b-4c3d-8e9f-0123456789ab'])).toString('base64url');
      expect((await invoke(teamLeads, `/api/team/leads?cursor=${cursor}`, { cookie: manager })).status).toBe(422);
    }
    expect((await invoke(teamLeads, '/api/team/leads', { cookie: agent })).status).toBe(403);
    expect(
      (
        await invoke(bulk, '/api/team/leads/bulk', {
          cookie: agent,
          body: { target: { filter: {} }, change: { action: 'priority', priority: 1 } },
        })
      ).status,
    ).toBe(403);
  });
});

describe('POST /api/team/leads/bulk', () => {
  it('reassigns selected leads, clears their reservations, and audits each change', async () => {
    const [from, to] = team;
    const leads = await sql.query<{ id: string }>(`SELECT id FROM leads WHERE owner_id = $1 AND status = 'NEW' ORDER BY id LIMIT 3`, [
      from.id,
    ]);
    await sql.query(`UPDATE leads SET reserved_by_id = owner_id, reserved_until = now() + interval '5 minutes' WHERE id = ANY($1)`, [
      leads.map((l) => l.id),
    ]);
    const ids = leads.map((lead) => lead.id);
    const result = await invoke(bulk, '/api/team/leads/bulk', {
      cookie: manager,
      body: { target: { ids }, change: { action: 'reassign', ownerId: to.id } },
    });
    expect(result.status).toBe(200);
    expect(result.json.changed).toBe(3);
    const after = await sql.query<{ owner_id: string; reserved_by_id: string | null }>(
      'SELECT owner_id, reserved_by_id FROM leads WHERE id = ANY($1)',
      [ids],
    );
    expect(after.every((row) => row.owner_id === to.id && row.reserved_by_id === null)).toBe(true);
    const changes = await sql.query<{
      lead_id: string;
      field: string;
      from_value: string;
      to_value: string;
      actor_id: string;
      action: string;
    }>(
      'SELECT c.lead_id, c.field, c.from_value, c.to_value, e.actor_id, e.action FROM lead_changes c JOIN audit_events e ON e.id = c.event_id WHERE e.id = $1',
      [result.json.eventId],
    );
    expect(changes).toHaveLength(3);
    expect(
      changes.every(
        (c) =>
          c.field === 'owner' &&
          c.from_value === from.id &&
          c.to_value === to.id &&
          c.actor_id === managerId &&
          c.action === 'leads.reassign',
      ),
    ).toBe(true);

    // The new owner's queue has them; sending the same change again changes (and audits) nothing.
    const toCookie = await signIn(to.email);
    const queued = await invoke(queue, '/api/leads?limit=100&status=new', { cookie: toCookie });
    const queuedIds = new Set<string>();
    let page = queued.json;
    for (;;) {
      for (const item of page.items) queuedIds.add(item.id);
      if (!page.nextCursor) break;
      page = (await invoke(queue, `/api/leads?limit=100&status=new&cursor=${page.nextCursor}`, { cookie: toCookie })).json;
    }
    expect(ids.every((id) => queuedIds.has(id))).toBe(true);
    const again = await invoke(bulk, '/api/team/leads/bulk', {
      cookie: manager,
      body: { target: { ids }, change: { action: 'reassign', ownerId: to.id } },
    });
    expect(again.json).toEqual({ changed: 0, eventId: null });
  });

  it('sets the priority of every lead matching a filter', async () => {
    const filter = { owner: team[2].id, status: 'NEW' };
    const [{ n }] = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM leads WHERE owner_id = $1 AND status = 'NEW' AND priority <> 1`,
      [team[2].id],
    );
    expect(n).toBeGreaterThan(0);
    const result = await invoke(bulk, '/api/team/leads/bulk', {
      cookie: manager,
      body: { target: { filter }, change: { action: 'priority', priority: 1 } },
    });
    expect(result.json.changed).toBe(n);
    const [{ left }] = await sql.query<{ left: number }>(
      `SELECT count(*)::int AS left FROM leads WHERE owner_id = $1 AND status = 'NEW' AND priority <> 1`,
      [team[2].id],
    );
    expect(left).toBe(0);
    const [{ audited }] = await sql.query<{ audited: number }>(
      `SELECT count(*)::int AS audited FROM lead_changes WHERE event_id = $1 AND field = 'priority' AND to_value = '1'`,
      [result.json.eventId],
    );
    expect(audited).toBe(n);
  });

  it('changes nothing when a selected lead or the new owner is outside the team', async () => {
    const [{ id: foreign }] = await sql.query<{ id: string }>('SELECT id FROM leads WHERE owner_id = $1 LIMIT 1', [outsider]);
    const [{ id: mine }] = await sql.query<{ id: string; priority: number }>(
      'SELECT id FROM leads WHERE owner_id = $1 AND priority <> 5 LIMIT 1',
      [team[0].id],
    );
    const mixed = await invoke(bulk, '/api/team/leads/bulk', {
      cookie: manager,
      body: { target: { ids: [mine, foreign] }, change: { action: 'priority', priority: 5 } },
    });
    expect(mixed.status).toBe(403);
    const [{ priority }] = await sql.query<{ priority: number }>('SELECT priority FROM leads WHERE id = $1', [mine]);
    expect(priority).not.toBe(5);
    const away = await invoke(bulk, '/api/team/leads/bulk', {
      cookie: manager,
      body: { target: { ids: [mine] }, change: { action: 'reassign', ownerId: outsider } },
    });
    expect(away.status).toBe(403);
    const bad = await invoke(bulk, '/api/team/leads/bulk', {
      cookie: manager,
      body: { target: { ids: [] }, change: { action: 'priority', priority: 9 } },
    });
    expect(bad.status).toBe(422);
    const forged = await invoke(bulk, '/api/team/leads/bulk', {
      cookie: manager,
      headers: { origin: 'https://evil.example' },
      body: { target: { ids: [mine] }, change: { action: 'priority', priority: 5 } },
    });
    expect(forged.status).toBe(403);
  });
});
