import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as callReport } from '@/app/api/reports/calls/route';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';
import { SESSION_MEMO_MS } from '@/lib/platform/auth/viewer';

let sql: SqlRunner;
let manager: string;
let managerId: string;
let managerZone: string;
let agent: string;
const CONNECTS = new Set(['CONNECTED', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL']);

interface RawCall {
  agent_id: string;
  name: string;
  started_at: Date;
  duration_sec: number;
  outcome: string;
  engagement: number | null;
  timezone: string | null;
}

/** Local calendar fields of an instant in a zone, by Intl (independent of the SQL under test). */
function local(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1,
  };
}

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  [manager, agent] = await Promise.all([signIn('manager1@callpace.test'), signIn('agent1@callpace.test')]);
  [{ id: managerId, timezone: managerZone }] = await sql.query<{ id: string; timezone: string }>(
    "SELECT id, timezone FROM users WHERE email = 'manager1@callpace.test'",
  );
});
afterAll(() => sql.close());

async function rawCalls(from: Date, to: Date, agentId?: string): Promise<RawCall[]> {
  return sql.query<RawCall>(
    `SELECT c.agent_id, u.name, c.started_at, c.duration_sec, c.outcome::text AS outcome, c.engagement, l.timezone
       FROM calls_all c JOIN users u ON u.id = c.agent_id LEFT JOIN leads l ON l.id = c.lead_id
      WHERE u.manager_id = $1 AND u.role = 'AGENT' AND c.started_at >= $2 AND c.started_at < $3 ${agentId ? 'AND c.agent_id = $4' : ''}`,
    agentId ? [managerId, from, to, agentId] : [managerId, from, to],
  );
}

/** Every figure of a report equals the same figure computed call by call. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the report's JSON
function expectBruteForce(report: any, calls: RawCall[], zone: string) {
  const connects = calls.filter((c) => CONNECTS.has(c.outcome));
  const engaged = calls.filter((c) => c.engagement !== null);
  expect(report.totals).toEqual({
    calls: calls.length,
    connects: connects.length,
    connectRate: Math.round((connects.length / calls.length) * 1000) / 1000,
    avgDurationSec: Math.round((connects.reduce((s, c) => s + c.duration_sec, 0) / connects.length) * 10) / 10,
    avgEngagement: Math.round((engaged.reduce((s, c) => s + c.engagement!, 0) / engaged.length) * 10) / 10,
    qualified: calls.filter((c) => c.outcome === 'QUALIFIED').length,
  });
  for (const [outcome, n] of Object.entries(report.byOutcome)) expect(n).toBe(calls.filter((c) => c.outcome === outcome).length);

  for (const { hour, calls: n, connects: k } of report.byHour) {
    const inHour = calls.filter((c) => local(c.started_at, zone).hour === hour);
    expect([n, k]).toEqual([inHour.length, inHour.filter((c) => CONNECTS.has(c.outcome)).length]);
  }
  const days = new Map<string, number>();
  for (const c of calls) days.set(local(c.started_at, zone).day, (days.get(local(c.started_at, zone).day) ?? 0) + 1);
  expect(Object.fromEntries(report.byDay.map((d: { day: string; calls: number }) => [d.day, d.calls]))).toEqual(Object.fromEntries(days));

  for (const row of report.byAgent) {
    const mine = calls.filter((c) => c.agent_id === row.agentId);
    const hours = new Set(mine.map((c) => Math.floor(c.started_at.getTime() / 3_600_000))).size;
    expect(row).toMatchObject({
      calls: mine.length,
      connects: mine.filter((c) => CONNECTS.has(c.outcome)).length,
      talkSec: mine.filter((c) => CONNECTS.has(c.outcome)).reduce((s, c) => s + c.duration_sec, 0),
      qualified: mine.filter((c) => c.outcome === 'QUALIFIED').length,
      hoursWorked: hours,
      callsPerHour: Math.round((mine.length / hours) * 10) / 10,
    });
  }
  expect(report.byAgent.map((row: { agentId: string }) => row.agentId).sort()).toEqual([...new Set(calls.map((c) => c.agent_id))].sort());

  const cells = new Map<string, { n: number; k: number }>();
  for (const c of calls) {
    const { weekday, hour } = local(c.started_at, c.timezone ?? 'UTC');
    const cell = cells.get(`${weekday}:${hour}`) ?? { n: 0, k: 0 };
    cells.set(`${weekday}:${hour}`, cell);
    cell.n += 1;
    if (CONNECTS.has(c.outcome)) cell.k += 1;
  }
  expect(report.heatmap).toHaveLength(cells.size);
  for (const cell of report.heatmap) expect({ n: cell.calls, k: cell.connects }).toEqual(cells.get(`${cell.weekday}:${cell.hour}`));
}

describe('GET /api/reports/calls', () => {
  it('gives every figure equal to a brute-force computation over the calls', async () => {
    const [{ last }] = await sql.query<{ last: Date }>('SELECT max(started_at) AS last FROM calls');
    const to = new Date(last.getTime() + 1);
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const result = await invoke(callReport, `/api/reports/calls?from=${from.toISOString()}&to=${to.toISOString()}`, { cookie: manager });
    expect(result.status).toBe(200);
    const report = result.json;
    const calls = await rawCalls(from, to);
    expect(calls.length).toBeGreaterThan(100);

    expectBruteForce(report, calls, managerZone);
  });

  it('counts calls logged through the API at once, for ranges cut at any minute and in a half-hour zone', async () => {
    const { POST: logCall } = await import('@/app/api/calls/route');
    const [{ id: agentId }] = await sql.query<{ id: string }>("SELECT id FROM users WHERE email = 'agent1@callpace.test'");
    const leads = await sql.query<{ id: string }>(
      "SELECT id FROM leads WHERE owner_id = $1 AND status IN ('NEW', 'CONTACTED', 'CALLBACK') LIMIT 3",
      [agentId],
    );
    const now = Date.now();
    const outcomes = ['connected', 'no_answer', 'qualified'];
    for (const [i, lead] of leads.entries()) {
      const logged = await invoke(logCall, '/api/calls', {
        cookie: agent,
        body: {
          clientId: crypto.randomUUID(),
          leadId: lead.id,
          outcome: outcomes[i],
          durationSec: 90 + i,
          engagement: 40 + i,
          startedAt: new Date(now - (i * 37 + 5) * 60_000).toISOString(),
        },
      });
      expect(logged.status).toBe(201);
    }
    const hour = 3_600_000;
    const ranges: [Date, Date][] = [
      [new Date(Math.floor(now / hour) * hour - 48 * hour), new Date(Math.ceil(now / hour) * hour + hour)],
      [new Date(now - 100 * 60_000), new Date(now - 3 * 60_000)],
      [new Date(now - 50 * 60_000), new Date(now)],
      // Running to the present: the current hour comes from the rollup, as the dashboard's presets ask.
      [new Date(now - 3 * hour - 7 * 60_000), new Date(now + 10 * 60_000)],
    ];
    for (const zone of [managerZone, 'Asia/Kolkata']) {
      await sql.query('UPDATE users SET timezone = $1 WHERE id = $2', [zone, managerId]);
      // The report reads the zone from the session, which a signed-in instance re-reads within SESSION_MEMO_MS.
      await new Promise((resolve) => setTimeout(resolve, SESSION_MEMO_MS + 50));
      for (const [from, to] of ranges) {
        const result = await invoke(callReport, `/api/reports/calls?from=${from.toISOString()}&to=${to.toISOString()}`, {
          cookie: manager,
        });
        expect(result.status).toBe(200);
        expect(result.json.timeZone).toBe(zone);
        const calls = await rawCalls(from, to);
        expect(calls.length).toBeGreaterThan(0);
        expectBruteForce(result.json, calls, zone);
      }
    }
    await sql.query('UPDATE users SET timezone = $1 WHERE id = $2', [managerZone, managerId]);
  });

  it('narrows to one agent of the team, and refuses an agent outside it', async () => {
    const [{ id: member }] = await sql.query<{ id: string }>(
      "SELECT id FROM users WHERE manager_id = $1 AND role = 'AGENT' ORDER BY email LIMIT 1",
      [managerId],
    );
    const result = await invoke(callReport, `/api/reports/calls?agentId=${member}`, { cookie: manager });
    expect(result.status).toBe(200);
    expect(result.json.byAgent.every((row: { agentId: string }) => row.agentId === member)).toBe(true);
    const [{ id: outsider }] = await sql.query<{ id: string }>(
      "SELECT id FROM users WHERE role = 'AGENT' AND (manager_id IS NULL OR manager_id <> $1) LIMIT 1",
      [managerId],
    );
    expect((await invoke(callReport, `/api/reports/calls?agentId=${outsider}`, { cookie: manager })).status).toBe(403);
  });

  it('is for managers: 403 for agents, 401 signed out; bad ranges are 422', async () => {
    expect((await invoke(callReport, '/api/reports/calls', { cookie: agent })).status).toBe(403);
    expect((await invoke(callReport, '/api/reports/calls')).status).toBe(401);
    const bad = await invoke(callReport, '/api/reports/calls?from=2026-06-02&to=2026-06-01', { cookie: manager });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe('from');
    expect((await invoke(callReport, '/api/reports/calls?agentId=nobody', { cookie: manager })).status).toBe(422);
  });
});
