import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as getRules, PUT as putRules } from '@/app/api/calling-rules/route';
import { POST as postCall } from '@/app/api/calls/route';
import { GET as listLeads } from '@/app/api/leads/route';
import { GET as getLead } from '@/app/api/leads/[id]/route';
import { sharedCacheStore } from '@/lib/platform/cache/shared-store';
import { callOutcomes, type CallOutcome } from '@/lib/calls/outcomes';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

// Teams of the small seed: agents 1–14 report to manager1, 15–27 to manager2, 28–40 to manager3.
let sql: SqlRunner;
const cookie: Record<string, string> = {};
const id: Record<string, string> = {};
const origin = { origin: 'http://localhost:3000' };

const MAX = 3;
/** manager2's team: retries in minutes per outcome (busy comes back at once), 3 attempts, the default closing outcomes. */
const team2 = {
  startHour: 0,
  endHour: 24,
  days: [1, 2, 3, 4, 5, 6, 7],
  retryNoAnswerMin: 60,
  retryBusyMin: 0,
  retryVoicemailMin: 120,
  retryConnectedMin: 600,
  maxAttempts: MAX,
  closingOutcomes: ['wrong_number', 'qualified', 'not_interested', 'do_not_call'],
};
/** manager3's team: the same, with `connected` closing too. */
const team3 = { ...team2, closingOutcomes: ['connected', ...team2.closingOutcomes] };

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  const people = ['admin', 'manager1', 'manager2', 'manager3', 'agent1', 'agent20', 'agent30'];
  const rows = await sql.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE email = ANY($1)', [
    people.map((p) => `${p}@callpace.test`),
  ]);
  for (const row of rows) id[row.email.split('@')[0]] = row.id;
  const cookies = await Promise.all(people.map((p) => signIn(`${p}@callpace.test`)));
  people.forEach((p, i) => (cookie[p] = cookies[i]));
  expect((await put(cookie.manager2, { managerId: id.manager2, ...team2 })).status).toBe(200);
  expect((await put(cookie.admin, { managerId: id.manager3, ...team3 })).status).toBe(200);
});
afterAll(() => sql.close());
afterEach(() => vi.restoreAllMocks());

const put = (who: string, body: unknown) => invoke(putRules, '/api/calling-rules', { method: 'PUT', body, cookie: who, headers: origin });
const get = (who: string, query = '') => invoke(getRules, `/api/calling-rules${query}`, { cookie: who });

async function queueIds(who: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const result = await invoke(listLeads, `/api/leads?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { cookie: who });
    expect(result.status).toBe(200);
    ids.push(...result.json.items.map((item: { id: string }) => item.id));
    cursor = result.json.nextCursor;
  } while (cursor);
  return ids;
}

const used = new Set<string>();
/** One of the agent's leads not used by another case yet, workable, never reserved, with `attempts` calls behind it. */
async function freshLead(owner: string, attempts: number): Promise<string> {
  const [lead] = await sql.query<{ id: string }>(
    `UPDATE leads SET status = 'NEW', attempts = $3, next_call_at = NULL, reserved_by_id = NULL, reserved_until = NULL
      WHERE id = (SELECT id FROM leads WHERE owner_id = $1 AND status <> 'DO_NOT_CALL' AND NOT (id = ANY($2::uuid[])) ORDER BY id LIMIT 1) RETURNING id`,
    [owner, [...used], attempts],
  );
  used.add(lead.id);
  return lead.id;
}

const ownStatus: Partial<Record<CallOutcome, string>> = {
  qualified: 'QUALIFIED',
  not_interested: 'NOT_INTERESTED',
  wrong_number: 'WRONG_NUMBER',
  do_not_call: 'DO_NOT_CALL',
};
const retryOf: Partial<Record<CallOutcome, number>> = {
  no_answer: team2.retryNoAnswerMin,
  busy: team2.retryBusyMin,
  voicemail: team2.retryVoicemailMin,
  connected: team2.retryConnectedMin,
};

const cases = [
  ...callOutcomes.flatMap((outcome) =>
    [0, MAX - 2, MAX - 1].map((before) => ({ team: 'manager2' as const, agent: 'agent20', rules: team2, outcome, before })),
  ),
  ...[0, MAX - 1].map((before) => ({
    team: 'manager3' as const,
    agent: 'agent30',
    rules: team3,
    outcome: 'connected' as CallOutcome,
    before,
  })),
];

describe('a call applies the owner’s team rules', () => {
  it.each(cases)('$outcome after $before attempts ($team’s team)', async ({ agent, rules, outcome, before }) => {
    const leadId = await freshLead(id[agent], before);
    const startedAt = new Date(Date.now() - 5 * 60_000);
    const callbackAt = new Date(startedAt.getTime() + 2 * 3_600_000);
    const body = {
      clientId: randomUUID(),
      leadId,
      outcome,
      durationSec: 30,
      startedAt: startedAt.toISOString(),
      ...(outcome === 'callback' ? { callbackAt: callbackAt.toISOString() } : {}),
    };
    expect((await invoke(postCall, '/api/calls', { body, cookie: cookie[agent], headers: origin })).status).toBe(201);

    const closes = rules.closingOutcomes.includes(outcome);
    const status = closes
      ? (ownStatus[outcome] ?? 'CLOSED')
      : before + 1 >= MAX
        ? 'ATTEMPTS_USED_UP'
        : outcome === 'callback'
          ? 'CALLBACK'
          : 'CONTACTED';
    const delay = retryOf[outcome];
    const nextCallAt = outcome === 'callback' ? callbackAt : delay === undefined ? null : new Date(startedAt.getTime() + delay * 60_000);
    const [lead] = await sql.query<{ status: string; attempts: number; next_call_at: Date | null }>(
      'SELECT status::text, attempts, next_call_at FROM leads WHERE id = $1',
      [leadId],
    );
    expect(lead).toEqual({ status, attempts: before + 1, next_call_at: nextCallAt });

    // Right after: only a lead still worked and due (busy comes back at once) is offered.
    const workable = status === 'CONTACTED' || status === 'CALLBACK';
    expect((await queueIds(cookie[agent])).includes(leadId)).toBe(workable && nextCallAt !== null && nextCallAt <= new Date());
    // Once its time has come, a worked lead is back; a closed or used-up one never is.
    await sql.query(`UPDATE leads SET next_call_at = now() - interval '1 minute' WHERE id = $1 AND next_call_at IS NOT NULL`, [leadId]);
    expect((await queueIds(cookie[agent])).includes(leadId)).toBe(workable);
  });

  it.each([
    { name: 'an admin calling an agent’s lead: the owner’s team', caller: 'admin', owner: 'agent20' },
    { name: 'a manager calling an unassigned lead: the manager’s team', caller: 'manager2', owner: null },
  ])('applies the rules of $name', async ({ caller, owner }) => {
    const [lead] = await sql.query<{ id: string }>(
      `UPDATE leads SET status = 'NEW', attempts = $2, next_call_at = NULL, reserved_by_id = NULL
        WHERE id = (SELECT id FROM leads WHERE owner_id IS NOT DISTINCT FROM $1::uuid AND status <> 'DO_NOT_CALL' AND NOT (id = ANY($3::uuid[])) ORDER BY id LIMIT 1) RETURNING id`,
      [owner ? id[owner] : null, MAX - 1, [...used]],
    );
    used.add(lead.id);
    const startedAt = new Date(Date.now() - 60_000);
    const body = { clientId: randomUUID(), leadId: lead.id, outcome: 'no_answer', durationSec: 20, startedAt: startedAt.toISOString() };
    expect((await invoke(postCall, '/api/calls', { body, cookie: cookie[caller], headers: origin })).status).toBe(201);
    // The defaults would say CONTACTED (8 attempts) and 240 minutes.
    const [after] = await sql.query<{ status: string; next_call_at: Date }>('SELECT status::text, next_call_at FROM leads WHERE id = $1', [
      lead.id,
    ]);
    expect(after).toEqual({ status: 'ATTEMPTS_USED_UP', next_call_at: new Date(startedAt.getTime() + team2.retryNoAnswerMin * 60_000) });
  });

  it('still finds a lead whose attempts are used up by search, without offering it', async () => {
    const leadId = await freshLead(id.agent20, MAX - 1);
    await invoke(postCall, '/api/calls', {
      body: { clientId: randomUUID(), leadId, outcome: 'no_answer', durationSec: 20 },
      cookie: cookie.agent20,
      headers: origin,
    });
    const [lead] = await sql.query<{ status: string; last_name: string }>('SELECT status::text, last_name FROM leads WHERE id = $1', [
      leadId,
    ]);
    expect(lead.status).toBe('ATTEMPTS_USED_UP');
    const found = await invoke(listLeads, `/api/leads?limit=100&q=${encodeURIComponent(lead.last_name)}`, { cookie: cookie.agent20 });
    expect(found.json.items.map((item: { id: string }) => item.id)).toContain(leadId);
    expect(await queueIds(cookie.agent20)).not.toContain(leadId);
  });
});

describe('the calling window and days', () => {
  const utcHour = () => new Date().getUTCHours();
  const utcDay = () => ((new Date().getUTCDay() + 6) % 7) + 1;

  async function zonedLead(): Promise<string> {
    const leadId = await freshLead(id.agent20, 0);
    // Due, top priority and score, never called: first of the queue while inside the window.
    await sql.query(
      `UPDATE leads SET timezone = 'Etc/GMT', priority = 1, score = 100, last_called_at = NULL, next_call_at = now() - interval '1 minute' WHERE id = $1`,
      [leadId],
    );
    return leadId;
  }
  async function item(leadId: string) {
    const result = await invoke(listLeads, '/api/leads?limit=100', { cookie: cookie.agent20 });
    const items = result.json.items as { id: string; inCallingHours: boolean }[];
    const index = items.findIndex((entry) => entry.id === leadId);
    return { index, inCallingHours: items[index]?.inCallingHours, lastInside: items.findLastIndex((entry) => entry.inCallingHours) };
  }

  it.each([
    {
      name: 'hours that exclude the lead’s current hour',
      window: () => (utcHour() < 23 ? { startHour: utcHour() + 1, endHour: 24 } : { startHour: 0, endHour: 23 }),
    },
    {
      name: 'days that exclude the lead’s current weekday',
      window: () => ({ startHour: 0, endHour: 24, days: [1, 2, 3, 4, 5, 6, 7].filter((day) => day !== utcDay()) }),
    },
  ])('sinks a lead outside $name below every lead inside, on the next read after the change', async ({ window }) => {
    const leadId = await zonedLead();
    // Twice each: the first read computes an unseen zone in SQL, the second from the zones it has seen.
    for (let read = 0; read < 2; read++) expect(await item(leadId)).toMatchObject({ index: 0, inCallingHours: true });
    expect((await put(cookie.manager2, { managerId: id.manager2, ...team2, ...window() })).status).toBe(200);
    for (let read = 0; read < 2; read++) {
      const outside = await item(leadId);
      expect(outside.inCallingHours).toBe(false);
      expect(outside.index).toBeGreaterThan(outside.lastInside);
    }
    // The lead page says the same.
    expect((await invoke(getLead, `/api/leads/${leadId}`, { cookie: cookie.agent20, params: { id: leadId } })).json.inCallingHours).toBe(
      false,
    );
    expect((await put(cookie.manager2, { managerId: id.manager2, ...team2 })).status).toBe(200);
    expect(await item(leadId)).toMatchObject({ index: 0, inCallingHours: true });
    expect((await invoke(getLead, `/api/leads/${leadId}`, { cookie: cookie.agent20, params: { id: leadId } })).json.inCallingHours).toBe(
      true,
    );
    await sql.query(`UPDATE leads SET status = 'CLOSED' WHERE id = $1`, [leadId]); // out of the next case's way
  });

  it('invalidates the team’s rules and every queue of the team on every instance when they change', async () => {
    const revalidate = vi.spyOn(sharedCacheStore(), 'revalidateTag');
    expect((await put(cookie.manager2, { managerId: id.manager2, ...team2, retryBusyMin: 5 })).status).toBe(200);
    const tags = revalidate.mock.calls.flatMap(([tag]) => tag);
    const agents = await sql.query<{ id: string }>("SELECT id FROM users WHERE manager_id = $1 AND role = 'AGENT'", [id.manager2]);
    expect(tags).toEqual(
      expect.arrayContaining([`rules:${id.manager2}`, 'rules:agents', 'leads:team', ...agents.map((agent) => `queue:${agent.id}`)]),
    );
    expect(tags).not.toContain(`queue:${id.agent1}`);
    await put(cookie.manager2, { managerId: id.manager2, ...team2 });
  });
});

describe('GET and PUT /api/calling-rules', () => {
  it('answers the defaults for a team without rules, and a team’s own once set', async () => {
    const defaults = await get(cookie.manager1);
    expect(defaults.status).toBe(200);
    expect(defaults.json).toMatchObject({
      managerId: id.manager1,
      isDefault: true,
      startHour: 8,
      endHour: 21,
      days: [1, 2, 3, 4, 5, 6, 7],
      retryNoAnswerMin: 240,
      retryBusyMin: 30,
      retryVoicemailMin: 1440,
      retryConnectedMin: 1440,
      maxAttempts: 8,
      closingOutcomes: ['wrong_number', 'qualified', 'not_interested', 'do_not_call'],
    });
    expect((await get(cookie.manager2)).json).toMatchObject({
      ...team2,
      managerId: id.manager2,
      isDefault: false,
      updatedById: id.manager2,
    });
    expect((await get(cookie.admin, `?managerId=${id.manager3}`)).json).toMatchObject({
      managerId: id.manager3,
      closingOutcomes: ['connected', 'wrong_number', 'qualified', 'not_interested', 'do_not_call'],
    });
  });

  it('always keeps do-not-call closing, adding it when left out', async () => {
    const saved = await put(cookie.manager1, { managerId: id.manager1, ...team2, closingOutcomes: ['qualified'] });
    expect(saved.status).toBe(200);
    expect(saved.json.closingOutcomes).toEqual(['qualified', 'do_not_call']);
  });

  it('audits a change with what changed, from and to, for the team', async () => {
    expect((await put(cookie.admin, { managerId: id.manager3, ...team3, maxAttempts: 5, days: [1, 2, 3, 4, 5] })).status).toBe(200);
    const [event] = await sql.query<{ actor_id: string; team_id: string; detail: unknown }>(
      "SELECT actor_id, team_id, detail FROM audit_events WHERE action = 'rules.update' ORDER BY created_at DESC LIMIT 1",
    );
    expect(event).toEqual({
      actor_id: id.admin,
      team_id: id.manager3,
      detail: { from: { maxAttempts: 3, days: [1, 2, 3, 4, 5, 6, 7] }, to: { maxAttempts: 5, days: [1, 2, 3, 4, 5] } },
    });
    // Saving what is in force changes nothing and writes nothing.
    const count = async () =>
      (await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE action = 'rules.update'"))[0].n;
    const before = await count();
    expect((await put(cookie.admin, { managerId: id.manager3, ...team3, maxAttempts: 5, days: [5, 4, 3, 2, 1] })).status).toBe(200);
    expect(await count()).toBe(before);
    await put(cookie.admin, { managerId: id.manager3, ...team3 });
  });

  it.each([
    { name: 'a manager reading another team', run: () => get(cookie.manager2, `?managerId=${id.manager3}`), status: 403 },
    { name: 'a manager setting another team', run: () => put(cookie.manager2, { managerId: id.manager3, ...team2 }), status: 403 },
    { name: 'an agent reading', run: () => get(cookie.agent20), status: 403 },
    { name: 'an agent setting', run: () => put(cookie.agent20, { managerId: id.manager2, ...team2 }), status: 403 },
    { name: 'signed out', run: () => put('', { managerId: id.manager2, ...team2 }), status: 401 },
    {
      name: 'another origin',
      run: () =>
        invoke(putRules, '/api/calling-rules', {
          method: 'PUT',
          body: { managerId: id.manager2, ...team2 },
          cookie: cookie.manager2,
          headers: { origin: 'https://evil.example' },
        }),
      status: 403,
    },
    { name: 'an admin naming an agent as the team', run: () => put(cookie.admin, { managerId: id.agent20, ...team2 }), status: 404 },
    { name: 'an admin reading a team that does not exist', run: () => get(cookie.admin, `?managerId=${randomUUID()}`), status: 404 },
  ])('answers $status to $name, writing nothing', async ({ run, status }) => {
    const snapshot = async () => sql.query('SELECT * FROM calling_rules ORDER BY manager_id');
    const before = await snapshot();
    expect((await run()).status).toBe(status);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    { name: 'an end hour before the start', over: { startHour: 18, endHour: 9 }, path: 'endHour' },
    { name: 'an empty window', over: { startHour: 9, endHour: 9 }, path: 'endHour' },
    { name: 'an hour past 24', over: { endHour: 25 }, path: 'endHour' },
    { name: 'a fractional hour', over: { startHour: 8.5 }, path: 'startHour' },
    { name: 'no days', over: { days: [] }, path: 'days' },
    { name: 'a day twice', over: { days: [1, 1] }, path: 'days' },
    { name: 'day 0', over: { days: [0, 1] }, path: 'days.0' },
    { name: 'a negative retry', over: { retryBusyMin: -1 }, path: 'retryBusyMin' },
    { name: 'a retry over 30 days', over: { retryNoAnswerMin: 43_201 }, path: 'retryNoAnswerMin' },
    { name: 'a retry as text', over: { retryVoicemailMin: '60' }, path: 'retryVoicemailMin' },
    { name: 'no attempts', over: { maxAttempts: 0 }, path: 'maxAttempts' },
    { name: 'over 100 attempts', over: { maxAttempts: 101 }, path: 'maxAttempts' },
    { name: 'an unknown outcome', over: { closingOutcomes: ['hung_up'] }, path: 'closingOutcomes.0' },
    { name: 'an upper-case outcome', over: { closingOutcomes: ['QUALIFIED'] }, path: 'closingOutcomes.0' },
    { name: 'an outcome twice', over: { closingOutcomes: ['qualified', 'qualified'] }, path: 'closingOutcomes' },
    { name: 'a missing field', over: { maxAttempts: undefined }, path: 'maxAttempts' },
    { name: 'a team that is not an id', over: { managerId: 'manager2' }, path: 'managerId' },
  ])('refuses $name with 422 and writes nothing', async ({ over, path }) => {
    const before = await sql.query('SELECT * FROM calling_rules ORDER BY manager_id');
    const result = await put(cookie.manager2, { managerId: id.manager2, ...team2, ...over });
    expect(result.status).toBe(422);
    expect(result.json.error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect(await sql.query('SELECT * FROM calling_rules ORDER BY manager_id')).toEqual(before);
  });
});
