import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as list, POST as create } from '@/app/api/users/route';
import { PATCH as patch } from '@/app/api/users/[id]/route';
import { POST as resetLink } from '@/app/api/users/[id]/password-reset/route';
import { POST as acceptLink } from '@/app/api/invitations/accept/route';
import { requireApiViewer, type Viewer } from '@/lib/platform/auth/viewer';
import { db } from '@/lib/platform/db/client';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { viewLink } from '@/lib/users/accept';
import { updateUser } from '@/lib/users/manage';
import { hashToken } from '@/lib/users/tokens';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let sql: SqlRunner;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
/** Agents by team (manager email → agent ids, ordered by email). */
const teams: Record<string, { id: string; email: string }[]> = {};

const origin = { origin: 'http://localhost:3000' };

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  for (const row of await sql.query<{ id: string; email: string }>('SELECT id, email FROM users')) ids[row.email.split('@')[0]] = row.id;
  for (const manager of ['manager1', 'manager2', 'manager3']) {
    teams[manager] = await sql.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE manager_id = $1 ORDER BY email', [
      ids[manager],
    ]);
  }
  [cookies.admin, cookies.manager, cookies.manager2, cookies.agent] = await Promise.all([
    signIn('admin@callpace.test'),
    signIn('manager1@callpace.test'),
    signIn('manager2@callpace.test'),
    signIn('agent1@callpace.test'),
  ]);
});
afterAll(() => sql.close());

const as = (who: string) => cookies[who];
const post = (who: string, body: unknown) => invoke(create, '/api/users', { method: 'POST', body, cookie: as(who), headers: origin });
const change = (who: string, id: string, body: unknown) =>
  invoke(patch, `/api/users/${id}`, { method: 'PATCH', body, cookie: as(who), headers: origin, params: { id } });
const reset = (who: string, id: string) =>
  invoke(resetLink, `/api/users/${id}/password-reset`, { method: 'POST', cookie: as(who), headers: origin, params: { id } });
const audits = (subjectId: string, action?: string) =>
  db.auditEvent.findMany({ where: { subjectId, ...(action ? { action } : {}) }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
const counts = async () => {
  const [[users], [events], [tokens]] = await Promise.all([
    sql.query<{ n: number }>('SELECT count(*)::int AS n FROM users'),
    sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events'),
    sql.query<{ n: number }>('SELECT count(*)::int AS n FROM user_tokens'),
  ]);
  return { users: users.n, events: events.n, tokens: tokens.n };
};

describe('GET /api/users', () => {
  it('lists everyone for an admin, with role, manager, status and last activity', async () => {
    const result = await invoke(list, '/api/users', { cookie: as('admin') });
    expect(result.status).toBe(200);
    const [{ n }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(result.json.items).toHaveLength(n);
    const agent = result.json.items.find((person: { id: string }) => person.id === ids.agent2);
    expect(agent).toMatchObject({ email: 'agent2@callpace.test', role: 'AGENT', managerId: ids.manager1, status: 'active', teamSize: 0 });
    const [{ last }] = await sql.query<{ last: Date }>(
      'SELECT GREATEST((SELECT max(started_at) FROM calls WHERE agent_id = $1), (SELECT max(updated_at) FROM sessions WHERE user_id = $1)) AS last',
      [ids.agent2],
    );
    expect(agent.lastActiveAt).toBe(new Date(last).toISOString());
    expect(result.json.items.find((person: { id: string }) => person.id === ids.manager1)).toMatchObject({
      role: 'MANAGER',
      managerId: null,
      teamSize: teams.manager1.length,
    });
  });

  it('lists only their own team’s agents for a manager', async () => {
    const result = await invoke(list, '/api/users', { cookie: as('manager') });
    expect(result.status).toBe(200);
    expect(result.json.items.map((person: { id: string }) => person.id).sort()).toEqual(teams.manager1.map((agent) => agent.id).sort());
  });

  it('refuses agents (403) and the signed-out (401)', async () => {
    expect((await invoke(list, '/api/users', { cookie: as('agent') })).status).toBe(403);
    expect((await invoke(list, '/api/users')).status).toBe(401);
  });
});

describe('POST /api/users (invitations)', () => {
  it('creates an invited person (no password) with a 7-day link and an audit row; the email is trimmed and lower-cased', async () => {
    const result = await post('admin', { email: '  New.Agent@Example.COM ', name: ' Nia Agent ', role: 'AGENT', managerId: ids.manager2 });
    expect(result.status).toBe(201);
    expect(result.json).toMatchObject({
      id: expect.any(String),
      inviteUrl: expect.stringMatching(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/),
      emailed: false,
    });
    const user = await db.user.findUniqueOrThrow({ where: { id: result.json.id }, include: { accounts: true } });
    expect(user).toMatchObject({ email: 'new.agent@example.com', name: 'Nia Agent', role: 'AGENT', managerId: ids.manager2, active: true });
    expect(user.accounts).toHaveLength(0);
    const token = result.json.inviteUrl.split('/').at(-1);
    const stored = await db.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(stored).toMatchObject({ kind: 'INVITE', userId: user.id, createdById: ids.admin, usedAt: null });
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    const [event] = await audits(user.id, 'user.invite');
    expect(event).toMatchObject({ actorId: ids.admin, teamId: ids.manager2, detail: { role: 'AGENT', managerId: ids.manager2 } });
    expect(JSON.stringify(event.detail)).not.toContain(token);
    const listed = await invoke(list, '/api/users', { cookie: as('manager2') });
    expect(listed.json.items.find((person: { id: string }) => person.id === user.id)).toMatchObject({
      status: 'invited',
      inviteExpiresAt: stored.expiresAt.toISOString(),
    });
  });

  it('puts a manager’s invitation in their own team, and lets an admin invite managers and admins', async () => {
    const byManager = await post('manager', { email: 'team.one@example.com', name: 'Tee One', role: 'AGENT' });
    expect(byManager.status).toBe(201);
    expect(await db.user.findUniqueOrThrow({ where: { id: byManager.json.id } })).toMatchObject({ managerId: ids.manager1, role: 'AGENT' });
    const manager = await post('admin', { email: 'new.manager@example.com', name: 'New Manager', role: 'MANAGER' });
    expect(manager.status).toBe(201);
    expect((await audits(manager.json.id, 'user.invite'))[0]).toMatchObject({ teamId: manager.json.id });
    const admin = await post('admin', { email: 'new.admin@example.com', name: 'New Admin', role: 'ADMIN', managerId: null });
    expect(admin.status).toBe(201);
    expect((await audits(admin.json.id, 'user.invite'))[0]).toMatchObject({ teamId: null });
  });

  it.each([
    { name: 'an agent inviting', who: 'agent', body: { email: 'x1@example.com', name: 'X', role: 'AGENT' }, status: 403 },
    { name: 'a manager inviting a manager', who: 'manager', body: { email: 'x2@example.com', name: 'X', role: 'MANAGER' }, status: 403 },
    { name: 'a manager inviting an admin', who: 'manager', body: { email: 'x3@example.com', name: 'X', role: 'ADMIN' }, status: 403 },
    {
      name: 'a manager inviting into another team',
      who: 'manager',
      body: { email: 'x4@example.com', name: 'X', role: 'AGENT', managerId: 'MANAGER2' },
      status: 403,
    },
    {
      name: 'an existing email',
      who: 'admin',
      body: { email: 'agent3@callpace.test', name: 'X', role: 'AGENT', managerId: 'MANAGER1' },
      status: 409,
    },
    {
      name: 'an existing email in other case',
      who: 'manager',
      body: { email: ' AGENT3@Callpace.Test', name: 'X', role: 'AGENT' },
      status: 409,
    },
    { name: 'a missing name', who: 'admin', body: { email: 'x5@example.com', role: 'AGENT', managerId: 'MANAGER1' }, status: 422 },
    {
      name: 'a blank name',
      who: 'admin',
      body: { email: 'x5@example.com', name: '   ', role: 'AGENT', managerId: 'MANAGER1' },
      status: 422,
    },
    { name: 'a bad email', who: 'admin', body: { email: 'not-an-email', name: 'X', role: 'AGENT', managerId: 'MANAGER1' }, status: 422 },
    { name: 'an unknown role', who: 'admin', body: { email: 'x6@example.com', name: 'X', role: 'BOSS' }, status: 422 },
    { name: 'an agent without a manager', who: 'admin', body: { email: 'x7@example.com', name: 'X', role: 'AGENT' }, status: 422 },
    {
      name: 'an agent whose “manager” is an agent',
      who: 'admin',
      body: { email: 'x8@example.com', name: 'X', role: 'AGENT', managerId: 'AGENT2' },
      status: 422,
    },
    {
      name: 'a manager with a manager',
      who: 'admin',
      body: { email: 'x9@example.com', name: 'X', role: 'MANAGER', managerId: 'MANAGER1' },
      status: 422,
    },
    {
      name: 'a NUL in the name',
      who: 'admin',
      body: { email: 'x10@example.com', name: 'A\u0000B', role: 'AGENT', managerId: 'MANAGER1' },
      status: 422,
    },
  ])('refuses $name ($status) and writes nothing', async ({ who, body, status }) => {
    const resolved = { ...body, ...('managerId' in body ? { managerId: ids[String(body.managerId).toLowerCase()] } : {}) };
    const before = await counts();
    const result = await post(who, resolved);
    expect(result.status).toBe(status);
    expect(result.json.error.message).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
  });

  it('answers a second invitation of someone still invited with 409 pointing at the new-link action', async () => {
    const first = await post('admin', { email: 'twice@example.com', name: 'Twice', role: 'AGENT', managerId: ids.manager1 });
    const again = await post('manager', { email: 'twice@example.com', name: 'Twice', role: 'AGENT' });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'conflict', userId: first.json.id });
    expect(again.json.error.message).toMatch(/already invited.*New link/);
    // Another team's manager learns only that the email is taken: not who it is, nor that they are still invited.
    const elsewhere = await post('manager2', { email: 'twice@example.com', name: 'Twice', role: 'AGENT' });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.json.error).toEqual({
      code: 'conflict',
      message: 'Someone with this email already has an account.',
      requestId: expect.any(String),
    });
  });
});

describe('POST /api/users/[id]/password-reset', () => {
  it('issues a 1-hour reset link for a person with a password, audited', async () => {
    const result = await reset('manager', ids.agent4);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      kind: 'reset',
      resetUrl: expect.stringMatching(/^http:\/\/localhost:3000\/reset\/[A-Za-z0-9_-]{43}$/),
      emailed: false,
    });
    expect(result.json.url).toBe(result.json.resetUrl);
    const stored = await db.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(result.json.resetUrl.split('/').at(-1)) } });
    expect(stored).toMatchObject({ kind: 'RESET', userId: ids.agent4, createdById: ids.manager1 });
    expect(Math.abs(stored.expiresAt.getTime() - Date.now() - 3600_000)).toBeLessThan(60_000);
    expect((await audits(ids.agent4, 'user.password_reset'))[0]).toMatchObject({ actorId: ids.manager1, teamId: ids.manager1 });
  });

  it('gives someone still invited a fresh invitation instead, and the old link stops working', async () => {
    const invited = await post('admin', { email: 'relink@example.com', name: 'Re Link', role: 'AGENT', managerId: ids.manager1 });
    const result = await reset('manager', invited.json.id);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ kind: 'invite', inviteUrl: expect.stringContaining('/invite/') });
    expect(result.json.inviteUrl).not.toBe(invited.json.inviteUrl);
    const old = await db.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(invited.json.inviteUrl.split('/').at(-1)) } });
    expect(old.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await audits(invited.json.id, 'user.invite')).map((event) => event.detail)).toEqual([
      expect.objectContaining({ role: 'AGENT' }),
      expect.objectContaining({ reissued: true }),
    ]);
  });

  it.each([
    { name: 'an agent', who: 'agent', target: 'agent2', status: 403 },
    { name: 'a manager for another team’s agent', who: 'manager', target: 'agent20', status: 403 },
    { name: 'a manager for a manager', who: 'manager', target: 'manager2', status: 403 },
    { name: 'an unknown person', who: 'admin', target: '00000000-0000-4000-8000-000000000000', status: 404 },
    { name: 'a malformed id', who: 'admin', target: 'nope', status: 404 },
  ])('refuses $name ($status) and writes nothing', async ({ who, target, status }) => {
    const before = await counts();
    const result = await reset(who, ids[target] ?? target);
    expect(result.status).toBe(status);
    expect(await counts()).toEqual(before);
  });
});

describe('PATCH /api/users/[id]: name, role, manager', () => {
  it('renames a team member (manager), audited with from and to', async () => {
    const before = await db.user.findUniqueOrThrow({ where: { id: ids.agent5 } });
    const result = await change('manager', ids.agent5, { name: '  Renée Renamed ' });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ changed: ['name'], person: { id: ids.agent5, name: 'Renée Renamed' } });
    expect((await audits(ids.agent5, 'user.name'))[0]).toMatchObject({
      actorId: ids.manager1,
      teamId: ids.manager1,
      detail: { from: before.name, to: 'Renée Renamed' },
    });
  });

  it('moves an agent to another team (admin), audited, and their leads go with them', async () => {
    const agent = teams.manager1[10].id;
    const result = await change('admin', agent, { managerId: ids.manager2 });
    expect(result.status).toBe(200);
    expect(result.json.person).toMatchObject({ managerId: ids.manager2, managerName: expect.any(String) });
    expect((await audits(agent, 'user.manager'))[0]).toMatchObject({
      teamId: ids.manager2,
      detail: { from: ids.manager1, to: ids.manager2 },
    });
    const listed = await invoke(list, '/api/users', { cookie: as('manager2') });
    expect(listed.json.items.some((person: { id: string }) => person.id === agent)).toBe(true);
  });

  it('promotes an agent to manager (manager cleared), refuses demoting a manager who has agents, and demotes one who has none', async () => {
    const agent = teams.manager3[12].id;
    const promoted = await change('admin', agent, { role: 'MANAGER' });
    expect(promoted.status).toBe(200);
    expect(promoted.json.person).toMatchObject({ role: 'MANAGER', managerId: null });
    expect((await audits(agent, 'user.role'))[0]).toMatchObject({ teamId: agent, detail: { from: 'AGENT', to: 'MANAGER' } });
    expect((await audits(agent, 'user.manager'))[0]).toMatchObject({ detail: { from: ids.manager3, to: null } });

    const busy = await change('admin', ids.manager2, { role: 'AGENT', managerId: ids.manager1 });
    expect(busy.status).toBe(409);
    expect(busy.json.error.message).toMatch(/move them to another manager first/);

    expect((await change('admin', agent, { role: 'AGENT' })).status).toBe(422); // an agent needs a manager
    const demoted = await change('admin', agent, { role: 'AGENT', managerId: ids.manager3 });
    expect(demoted.status).toBe(200);
    expect(demoted.json.person).toMatchObject({ role: 'AGENT', managerId: ids.manager3 });
  });

  it('refuses changing one’s own role or deactivating oneself (409)', async () => {
    for (const body of [{ role: 'MANAGER' }, { active: false }]) {
      const result = await change('admin', ids.admin, body);
      expect(result.status).toBe(409);
      expect(result.json.error.message).toMatch(/yourself|your own role/);
    }
  });

  it('refuses demoting or deactivating the last active admin (409)', async () => {
    // The rule counts admins who can sign in; an admin viewer is one, so only a second admin who has no password yet
    // (or a race between two admins, below) can meet it.
    const invitedAdmin = await db.user.findUniqueOrThrow({ where: { email: 'new.admin@example.com' } });
    const viewer: Viewer = { id: invitedAdmin.id, name: invitedAdmin.name, email: invitedAdmin.email, role: 'ADMIN', timezone: 'UTC' };
    await expect(updateUser(viewer, ids.admin, { role: 'MANAGER' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/last active admin/),
    });
    await expect(updateUser(viewer, ids.admin, { active: false })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/last active admin/),
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: ids.admin } })).toMatchObject({ role: 'ADMIN', active: true });
  });

  it.each([
    { name: 'an agent changing anyone', who: 'agent', target: 'agent2', body: { name: 'X' }, status: 403 },
    { name: 'a manager renaming another team’s agent', who: 'manager', target: 'agent20', body: { name: 'X' }, status: 403 },
    { name: 'a manager changing another manager', who: 'manager', target: 'manager2', body: { name: 'X' }, status: 403 },
    { name: 'a manager deactivating an admin', who: 'manager', target: 'admin', body: { active: false }, status: 403 },
    { name: 'a manager promoting their agent to manager', who: 'manager', target: 'agent2', body: { role: 'MANAGER' }, status: 403 },
    { name: 'a manager promoting their agent to admin', who: 'manager', target: 'agent2', body: { role: 'ADMIN' }, status: 403 },
    {
      name: 'a manager moving their agent out of the team',
      who: 'manager',
      target: 'agent2',
      body: { managerId: 'MANAGER2' },
      status: 403,
    },
    { name: 'an empty change', who: 'admin', target: 'agent2', body: {}, status: 422 },
    { name: 'an unknown field', who: 'admin', target: 'agent2', body: { email: 'x@example.com' }, status: 422 },
    { name: 'an unknown role', who: 'admin', target: 'agent2', body: { role: 'OWNER' }, status: 422 },
    { name: 'a blank name', who: 'admin', target: 'agent2', body: { name: ' ' }, status: 422 },
    { name: 'reassign without deactivation', who: 'admin', target: 'agent2', body: { reassign: { to: 'unassigned' } }, status: 422 },
    {
      name: 'an unknown reassign mode',
      who: 'admin',
      target: 'agent2',
      body: { active: false, reassign: { to: 'everyone' } },
      status: 422,
    },
    { name: 'a manager that is not a manager', who: 'admin', target: 'agent2', body: { managerId: 'AGENT3' }, status: 422 },
    { name: 'a manager for a manager', who: 'admin', target: 'manager3', body: { managerId: 'MANAGER1' }, status: 422 },
    { name: 'an agent without manager', who: 'admin', target: 'agent2', body: { managerId: null }, status: 422 },
    { name: 'deactivating a manager who has agents', who: 'admin', target: 'manager3', body: { active: false }, status: 409 },
    {
      name: 'reassigning to someone outside the team (manager)',
      who: 'manager',
      target: 'agent2',
      body: { active: false, reassign: { to: 'agent', agentId: 'AGENT20' } },
      status: 403,
    },
    {
      name: 'reassigning to a non-agent',
      who: 'admin',
      target: 'agent2',
      body: { active: false, reassign: { to: 'agent', agentId: 'MANAGER1' } },
      status: 422,
    },
    {
      name: 'reassigning to the person leaving',
      who: 'admin',
      target: 'agent2',
      body: { active: false, reassign: { to: 'agent', agentId: 'AGENT2' } },
      status: 422,
    },
    { name: 'an unknown person', who: 'admin', target: '00000000-0000-4000-8000-000000000000', body: { name: 'X' }, status: 404 },
    { name: 'a malformed id', who: 'admin', target: 'nope', body: { name: 'X' }, status: 404 },
  ])('refuses $name ($status) and writes nothing', async ({ who, target, body, status }) => {
    const resolve = (value: unknown) => (typeof value === 'string' && /^[A-Z]+\d+$/.test(value) ? ids[value.toLowerCase()] : value);
    const resolved = Object.fromEntries(
      Object.entries(body).map(([key, value]) => [
        key,
        key === 'reassign' && value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]))
          : resolve(value),
      ]),
    );
    const id = ids[target] ?? target;
    const before = await counts();
    const person = await db.user.findUnique({ where: { id: /^[0-9a-f-]{36}$/.test(id) ? id : '00000000-0000-4000-8000-000000000000' } });
    const result = await change(who, id, resolved);
    expect(result.status).toBe(status);
    expect(result.json.error.message).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
    if (person) expect(await db.user.findUniqueOrThrow({ where: { id } })).toEqual(person);
  });
});

describe('links outlive neither their issuer’s authority nor a deactivation', () => {
  const tokenOf = (url: string) => url.split('/').at(-1)!;
  const use = (url: string) =>
    invoke(acceptLink, '/api/invitations/accept', {
      method: 'POST',
      body: { token: tokenOf(url), password: 'taken-over-account' },
      headers: origin,
    });
  const passwordOf = async (userId: string) =>
    (await db.account.findFirst({ where: { userId, providerId: 'credential' } }))?.password ?? null;

  it('a manager’s reset link stops working once their agent is made an admin', async () => {
    const link = await reset('manager', ids.agent7);
    expect(link.status).toBe(200);
    const before = await passwordOf(ids.agent7);
    expect((await change('admin', ids.agent7, { role: 'ADMIN' })).status).toBe(200);
    const used = await use(link.json.resetUrl);
    expect(used.status).toBe(410);
    expect(used.headers.get('set-cookie')).toBeNull();
    expect(await passwordOf(ids.agent7)).toBe(before);
    expect(await viewLink(tokenOf(link.json.resetUrl), ['RESET'])).toMatchObject({ state: 'expired' });
    expect((await change('admin', ids.agent7, { role: 'AGENT', managerId: ids.manager1 })).status).toBe(200); // one admin again, for the tests below
  });

  it('a manager’s invitation stops working once the agent moves to another team; an admin’s survives the move', async () => {
    const byManager = await post('manager', { email: 'moved.invitee@example.com', name: 'Moved Invitee', role: 'AGENT' });
    const byAdmin = await post('admin', { email: 'moved.too@example.com', name: 'Moved Too', role: 'AGENT', managerId: ids.manager1 });
    for (const invited of [byManager, byAdmin])
      expect((await change('admin', invited.json.id, { managerId: ids.manager2 })).status).toBe(200);
    expect((await use(byManager.json.inviteUrl)).status).toBe(410);
    expect(await passwordOf(byManager.json.id)).toBeNull();
    expect((await use(byAdmin.json.inviteUrl)).status).toBe(200);
  });

  it('a link issued before a deactivation does not come back with the reactivation', async () => {
    const link = await reset('manager', ids.agent8);
    expect((await change('manager', ids.agent8, { active: false })).status).toBe(200);
    expect((await change('manager', ids.agent8, { active: true })).status).toBe(200);
    const before = await passwordOf(ids.agent8);
    expect((await use(link.json.resetUrl)).status).toBe(410);
    expect(await passwordOf(ids.agent8)).toBe(before);
  });
});

describe('PATCH /api/users/[id]: deactivation with reassignment, and reactivation', () => {
  const open = `status IN ('NEW', 'CONTACTED', 'CALLBACK')`;

  async function prepare(email: string) {
    const id = ids[email.split('@')[0]];
    const cookie = await signIn(email);
    const openIds = (await sql.query<{ id: string }>(`SELECT id FROM leads WHERE owner_id = $1 AND ${open} ORDER BY id`, [id])).map(
      (row) => row.id,
    );
    // One closed lead too, so it can be seen to stay.
    let closedId = (await sql.query<{ id: string }>(`SELECT id FROM leads WHERE owner_id = $1 AND NOT ${open} LIMIT 1`, [id]))[0]?.id;
    if (!closedId) {
      closedId = openIds.pop()!;
      await db.lead.update({ where: { id: closedId }, data: { status: 'QUALIFIED' } });
    }
    await db.lead.update({ where: { id: openIds[0] }, data: { reservedById: id, reservedUntil: new Date(Date.now() + 600_000) } });
    const [{ n: calls }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE agent_id = $1', [id]);
    expect(openIds.length).toBeGreaterThan(2);
    expect(calls).toBeGreaterThan(0);
    return { id, cookie, openIds, closedId, calls };
  }

  async function expectSignedOutEverywhere(person: Awaited<ReturnType<typeof prepare>>) {
    expect(await db.session.count({ where: { userId: person.id } })).toBe(0);
    await expect(requireApiViewer(new Request('http://localhost/api/leads', { headers: { cookie: person.cookie } }))).rejects.toMatchObject(
      { code: 'unauthorized' },
    );
    const [{ n: calls }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE agent_id = $1', [person.id]);
    expect(calls).toBe(person.calls);
    expect(await db.lead.count({ where: { reservedById: person.id } })).toBe(0);
    expect(await db.lead.findUniqueOrThrow({ where: { id: person.closedId } })).toMatchObject({ ownerId: person.id });
  }

  async function expectLeadChanges(person: Awaited<ReturnType<typeof prepare>>, actorId: string) {
    const [event] = await audits(person.id, 'leads.reassign');
    expect(event).toMatchObject({ actorId, leadCount: person.openIds.length });
    const changes = await db.leadChange.findMany({ where: { eventId: event.id } });
    expect(changes.map((row) => row.leadId).sort()).toEqual([...person.openIds].sort());
    expect(changes.every((row) => row.field === 'owner' && row.fromValue === person.id)).toBe(true);
    const [deactivation] = await audits(person.id, 'user.deactivate');
    expect(deactivation).toMatchObject({
      actorId,
      detail: expect.objectContaining({ reassignedLeads: person.openIds.length, sessions: expect.any(Number), releasedReservations: 1 }),
    });
    return changes;
  }

  it('to one agent (manager, own team): open leads move, closed ones and calls stay, sessions end', async () => {
    const person = await prepare(teams.manager1[5].email);
    const to = teams.manager1[6].id;
    const result = await change('manager', person.id, { active: false, reassign: { to: 'agent', agentId: to } });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      person: { status: 'deactivated' },
      reassignedLeads: person.openIds.length,
      releasedReservations: 1,
    });
    expect(result.json.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await db.lead.count({ where: { id: { in: person.openIds }, ownerId: to, reservedById: null } })).toBe(person.openIds.length);
    await expectSignedOutEverywhere(person);
    const changes = await expectLeadChanges(person, ids.manager1);
    expect(changes.every((row) => row.toValue === to)).toBe(true);
    expect((await audits(person.id, 'user.deactivate'))[0]).toMatchObject({
      teamId: ids.manager1,
      detail: { reassign: { to: 'agent', agentId: to } },
    });
  });

  it('round robin (admin): evenly across the team’s remaining active agents', async () => {
    const person = await prepare(teams.manager3[0].email);
    const result = await change('admin', person.id, { active: false, reassign: { to: 'round_robin' } });
    expect(result.status).toBe(200);
    const remaining = await sql.query<{ id: string }>(
      `SELECT id FROM users u WHERE manager_id = $1 AND active AND role = 'AGENT' AND EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = u.id AND a.provider_id = 'credential')`,
      [ids.manager3],
    );
    const owners = await sql.query<{ owner_id: string; n: number }>(
      'SELECT owner_id, count(*)::int AS n FROM leads WHERE id = ANY($1::uuid[]) GROUP BY owner_id',
      [person.openIds],
    );
    const spread = owners.map((row) => row.n);
    expect(owners.every((row) => remaining.some((agent) => agent.id === row.owner_id))).toBe(true);
    expect(Math.max(...spread) - Math.min(...spread)).toBeLessThanOrEqual(1);
    expect(owners.length).toBe(Math.min(remaining.length, person.openIds.length));
    await expectSignedOutEverywhere(person);
    await expectLeadChanges(person, ids.admin);
  });

  it('to nobody: open leads become unassigned', async () => {
    const person = await prepare(teams.manager3[1].email);
    expect((await change('admin', person.id, { active: false, reassign: { to: 'unassigned' } })).status).toBe(200);
    expect(await db.lead.count({ where: { id: { in: person.openIds }, ownerId: null } })).toBe(person.openIds.length);
    await expectSignedOutEverywhere(person);
    const changes = await expectLeadChanges(person, ids.admin);
    expect(changes.every((row) => row.toValue === null)).toBe(true);
  });

  it('without reassign: the leads stay with them; reactivation brings them back', async () => {
    const person = await prepare(teams.manager2[2].email);
    const result = await change('manager2', person.id, { active: false });
    expect(result.status).toBe(200);
    expect(result.json.reassignedLeads).toBeUndefined();
    expect(await db.lead.count({ where: { id: { in: person.openIds }, ownerId: person.id } })).toBe(person.openIds.length);
    await expectSignedOutEverywhere(person);
    expect(await audits(person.id, 'leads.reassign')).toHaveLength(0);
    expect((await audits(person.id, 'user.deactivate'))[0]).toMatchObject({
      teamId: ids.manager2,
      detail: { reassign: { to: 'kept' }, reassignedLeads: 0 },
    });

    expect((await reset('manager2', person.id)).status).toBe(409); // deactivated: reactivate first
    const back = await change('manager2', person.id, { active: true });
    expect(back.status).toBe(200);
    expect(back.json.person.status).toBe('active');
    expect((await audits(person.id, 'user.reactivate'))[0]).toMatchObject({ actorId: ids.manager2, teamId: ids.manager2 });
    await expect(signIn(teams.manager2[2].email)).resolves.toEqual(expect.any(String));
  });

  it('refuses round robin when nobody else on the team is active (409), writing nothing', async () => {
    const [lone] = await db.user.findMany({ where: { email: 'new.manager@example.com' } });
    const agent = await post('admin', { email: 'lone.agent@example.com', name: 'Lone Agent', role: 'AGENT', managerId: lone.id });
    expect(agent.status).toBe(201);
    const before = await counts();
    const result = await change('admin', agent.json.id, { active: false, reassign: { to: 'round_robin' } });
    expect(result.status).toBe(409);
    expect(await counts()).toEqual(before);
    expect(await db.user.findUniqueOrThrow({ where: { id: agent.json.id } })).toMatchObject({ active: true });
  });

  it('lets only one of two admins demoting each other at once succeed', async () => {
    const second = await post('admin', { email: 'second.admin@example.com', name: 'Second Admin', role: 'ADMIN' });
    const { hashPassword, storePasswordHash } = await import('@/lib/users/set-password');
    const hash = await hashPassword('callpace-demo');
    await db.$transaction((tx) => storePasswordHash(tx, second.json.id, hash));
    cookies.second = await signIn('second.admin@example.com');
    const results = await Promise.all([
      change('admin', second.json.id, { role: 'MANAGER' }),
      change('second', ids.admin, { role: 'MANAGER' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([200, expect.any(Number)]);
    expect([403, 409]).toContain(results.map((result) => result.status).sort()[1]);
    expect(await db.user.count({ where: { role: 'ADMIN', active: true, id: { in: [ids.admin, second.json.id] } } })).toBe(1);
  });
});
