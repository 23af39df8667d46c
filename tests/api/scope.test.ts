/**
 * The one scope rule, as a matrix: role (agent, manager, admin) × the lead's relation to the viewer
 * (own, the viewer's team, another team, unassigned) × every endpoint and page that touches a lead.
 * Agents: their own leads; managers: their team's and unassigned leads; admins: all.
 */
import { randomUUID } from 'node:crypto';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as listLeads } from '@/app/api/leads/route';
import { GET as getLead } from '@/app/api/leads/[id]/route';
import { POST as reserve } from '@/app/api/leads/[id]/reservation/route';
import { POST as logCall } from '@/app/api/calls/route';
import { GET as teamLeads } from '@/app/api/team/leads/route';
import { POST as bulk } from '@/app/api/team/leads/bulk/route';
import { GET as exportLeads } from '@/app/api/exports/leads/route';
import { POST as upload } from '@/app/api/imports/route';
import { getLeadDetail } from '@/lib/leads/reads';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { getEnv } from '@/lib/platform/env';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

type Role = 'agent' | 'manager' | 'admin';
type Relation = 'own' | 'team' | 'other team' | 'unassigned';
type Lead = { id: string; phone: string; relation: Relation };

let sql: SqlRunner;
const cookies = {} as Record<Role, string>;
const viewers = {} as Record<Role, { id: string; role: 'AGENT' | 'MANAGER' | 'ADMIN'; name: string; email: string; timezone: string }>;
const leads = {} as Record<Relation, Lead>;
const origin = { origin: 'http://localhost:3000' };

beforeAll(async () => {
  // The per-user write limit (tested in tests/redis and tests/cluster) is counted in the shared Redis; other
  // files write as these people in the same minute. This file is about scope, so it lifts the limit.
  getEnv().WRITES_PER_MINUTE = 1_000_000;
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  const users = await sql.query<{ id: string; email: string; role: 'AGENT' | 'MANAGER' | 'ADMIN'; name: string; timezone: string }>(
    "SELECT id, email, role::text AS role, name, timezone FROM users WHERE email IN ('agent1@callpace.test', 'agent2@callpace.test', 'agent15@callpace.test', 'manager1@callpace.test', 'admin@callpace.test')",
  );
  const by = (email: string) => users.find((u) => u.email === email)!;
  viewers.agent = by('agent1@callpace.test');
  viewers.manager = by('manager1@callpace.test');
  viewers.admin = by('admin@callpace.test');
  [cookies.agent, cookies.manager, cookies.admin] = await Promise.all([
    signIn('agent1@callpace.test'),
    signIn('manager1@callpace.test'),
    signIn('admin@callpace.test'),
  ]);
  // One lead per relation, as seen from agent1 (and from manager1: agent1's and agent2's leads are both the team's).
  const owners: [Relation, string | null][] = [
    ['own', by('agent1@callpace.test').id],
    ['team', by('agent2@callpace.test').id],
    ['other team', by('agent15@callpace.test').id],
    ['unassigned', null],
  ];
  for (const [relation, owner] of owners) {
    const [lead] = await sql.query<{ id: string; phone: string }>(
      owner
        ? 'SELECT id, phone FROM leads WHERE owner_id = $1 ORDER BY id LIMIT 1'
        : 'SELECT id, phone FROM leads WHERE owner_id IS NULL ORDER BY id LIMIT 1',
      owner ? [owner] : [],
    );
    leads[relation] = lead
      ? { ...lead, relation }
      : await (async () => {
          const [made] = await sql.query<{ id: string; phone: string }>(
            "INSERT INTO leads (id, first_name, last_name, phone, timezone, status, priority, created_at, updated_at) VALUES (gen_random_uuid(), 'Una', 'Signed', '+12125550199', 'America/New_York', 'NEW', 3, now(), now()) RETURNING id, phone",
          );
          return { ...made, relation };
        })();
  }
  // Numbers the import's full phone metadata accepts (the seed's are plausible, not always valid), one per lead.
  for (const [i, lead] of Object.values(leads).entries()) {
    lead.phone = `+121239900${i}${i}`;
    await sql.query('UPDATE leads SET phone = $2 WHERE id = $1', [lead.id, lead.phone]);
  }
});
afterAll(() => sql.close());

beforeEach(async () => {
  // Every lead workable and unreserved, so only the scope decides.
  await sql.query(
    "UPDATE leads SET status = 'NEW', reserved_by_id = NULL, reserved_until = NULL, next_call_at = NULL WHERE id = ANY($1::uuid[])",
    [Object.values(leads).map((l) => l.id)],
  );
});

const visible: Record<Role, Relation[]> = {
  agent: ['own'],
  manager: ['own', 'team', 'unassigned'],
  admin: ['own', 'team', 'other team', 'unassigned'],
};
// A manager owns no leads: "own" is agent1's lead, on manager1's team.
const sees = (role: Role, relation: Relation) => visible[role].includes(relation);
const digits = (phone: string) => phone.replace(/\D/g, '').slice(-10);

/** What each endpoint answers for a lead in scope and out of it; `role` answers for a role that may not use it at all. */
const endpoints: { name: string; roles: Role[]; run: (role: Role, lead: Lead) => Promise<boolean | number> }[] = [
  {
    name: 'GET /api/leads?q= (search)',
    roles: ['agent', 'manager', 'admin'],
    run: async (role, lead) => {
      const result = await invoke(listLeads, `/api/leads?q=${digits(lead.phone)}&limit=50`, { cookie: cookies[role] });
      return result.json.items.some((item: { id: string }) => item.id === lead.id);
    },
  },
  {
    name: 'GET /api/leads (the queue, every page)',
    roles: ['agent', 'manager', 'admin'],
    run: async (role, lead) => {
      for (let cursor: string | null = null, pages = 0; pages < 200; pages++) {
        const result = await invoke(listLeads, `/api/leads?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { cookie: cookies[role] });
        if (result.json.items.some((item: { id: string }) => item.id === lead.id)) return true;
        cursor = result.json.nextCursor;
        if (!cursor) return false;
      }
      return false;
    },
  },
  {
    name: 'GET /api/leads/[id]',
    roles: ['agent', 'manager', 'admin'],
    run: async (role, lead) => {
      const status = (await invoke(getLead, `/api/leads/${lead.id}`, { cookie: cookies[role], params: { id: lead.id } })).status;
      return status === 200 ? true : status === 404 ? false : status;
    },
  },
  {
    name: 'page /leads/[id] (its data function)',
    roles: ['agent', 'manager', 'admin'],
    run: async (role, lead) =>
      getLeadDetail(viewers[role], lead.id).then(
        () => true,
        (error: { code?: string }) => (error.code === 'not_found' ? false : -1),
      ),
  },
  {
    name: 'POST /api/leads/[id]/reservation',
    roles: ['agent'],
    run: async (role, lead) => {
      const status = (
        await invoke(reserve, `/api/leads/${lead.id}/reservation`, {
          cookie: cookies[role],
          body: {},
          params: { id: lead.id },
          headers: origin,
        })
      ).status;
      return status === 200 ? true : status === 404 ? false : status;
    },
  },
  {
    name: 'GET /api/team/leads?q=',
    roles: ['manager', 'admin'],
    run: async (role, lead) => {
      const result = await invoke(teamLeads, `/api/team/leads?q=${digits(lead.phone)}&limit=50`, { cookie: cookies[role] });
      return result.json.items.some((item: { id: string }) => item.id === lead.id);
    },
  },
  {
    name: 'POST /api/team/leads/bulk (priority)',
    roles: ['manager', 'admin'],
    run: async (role, lead) => {
      const status = (
        await invoke(bulk, '/api/team/leads/bulk', {
          cookie: cookies[role],
          body: { target: { ids: [lead.id] }, change: { action: 'priority', priority: 2 } },
          headers: origin,
        })
      ).status;
      return status === 200 ? true : status === 403 ? false : status;
    },
  },
  {
    name: 'GET /api/exports/leads?q=',
    roles: ['manager', 'admin'],
    run: async (role, lead) => {
      const result = await invoke(exportLeads, `/api/exports/leads?q=${digits(lead.phone)}`, { cookie: cookies[role] });
      return String(result.json).includes(lead.phone);
    },
  },
  {
    name: 'POST /api/imports (a row with the lead’s phone)',
    roles: ['manager', 'admin'],
    run: async (role, lead) => {
      const id = randomUUID();
      const options = encodeURIComponent(JSON.stringify({ fileName: 'scope.csv', region: 'US' }));
      const request = new NextRequest(`http://localhost:3000/api/imports?id=${id}&options=${options}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', cookie: cookies[role], ...origin },
        body: `first_name,last_name,phone\nScope,Probe,${lead.phone}\n`,
      });
      const json = await (await upload(request, { params: Promise.resolve({}) })).json();
      if (json.import.updated === 1) return true;
      if (json.import.invalid === 1) {
        const [error] = await sql.query<{ message: string }>('SELECT message FROM lead_import_errors WHERE import_id = $1', [id]);
        // The row says why, and names nothing of the other team's lead.
        return error.message.startsWith('Belongs to another team') && !error.message.includes(lead.id) ? false : -1;
      }
      return -1;
    },
  },
  {
    name: 'POST /api/calls',
    roles: ['agent', 'manager', 'admin'],
    run: async (role, lead) => {
      const status = (
        await invoke(logCall, '/api/calls', {
          cookie: cookies[role],
          body: { clientId: randomUUID(), leadId: lead.id, outcome: 'no_answer', durationSec: 5 },
          headers: origin,
        })
      ).status;
      return status === 201 ? true : status === 404 ? false : status;
    },
  },
];

const roles: Role[] = ['agent', 'manager', 'admin'];
const relations: Relation[] = ['own', 'team', 'other team', 'unassigned'];
const matrix = endpoints.flatMap((endpoint) =>
  roles
    .filter((role) => endpoint.roles.includes(role))
    .flatMap((role) =>
      relations.map((relation) => ({ endpoint: endpoint.name, role, relation, expected: sees(role, relation), run: endpoint.run })),
    ),
);

describe('lead scope: role × relation × endpoint', () => {
  it.each(matrix)('$endpoint as $role, $relation lead → in scope: $expected', async ({ role, relation, expected, run }) => {
    expect(await run(role, leads[relation])).toBe(expected);
  });

  it('a role that may not use an endpoint at all is refused (403)', async () => {
    const lead = leads.own;
    expect(
      (
        await invoke(reserve, `/api/leads/${lead.id}/reservation`, {
          cookie: cookies.manager,
          body: {},
          params: { id: lead.id },
          headers: origin,
        })
      ).status,
    ).toBe(403);
    expect((await invoke(teamLeads, '/api/team/leads', { cookie: cookies.agent })).status).toBe(403);
    expect((await invoke(exportLeads, '/api/exports/leads', { cookie: cookies.agent })).status).toBe(403);
  });

  it('do-not-call is company-wide and audited: a do-not-call lead is refused to everyone, a call that sets it writes an audit event', async () => {
    const lead = leads.own;
    const call = await invoke(logCall, '/api/calls', {
      cookie: cookies.agent,
      body: { clientId: randomUUID(), leadId: lead.id, outcome: 'do_not_call', durationSec: 5 },
      headers: origin,
    });
    expect(call.status).toBe(201);
    const [audit] = await sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM lead_changes c JOIN audit_events e ON e.id = c.event_id WHERE c.lead_id = $1 AND e.action = 'leads.do_not_call' AND c.to_value = 'DO_NOT_CALL'",
      [lead.id],
    );
    expect(audit.n).toBe(1);
    for (const role of roles) {
      const again = await invoke(logCall, '/api/calls', {
        cookie: cookies[role],
        body: { clientId: randomUUID(), leadId: lead.id, outcome: 'connected', durationSec: 5 },
        headers: origin,
      });
      expect(again.status).toBe(409);
    }
  });
});

describe('cross-site writes', () => {
  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }, 403],
    ['no Origin and Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 403],
    ['no Origin and Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }, 403],
    ['no Origin and Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }, 201],
    ['neither (a server-to-server client)', {}, 201],
  ])('a call logged with %s → %i', async (_, headers, status) => {
    const result = await invoke(logCall, '/api/calls', {
      cookie: cookies.agent,
      body: { clientId: randomUUID(), leadId: leads.own.id, outcome: 'no_answer', durationSec: 5 },
      headers,
    });
    expect(result.status).toBe(status);
  });
});
