import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postCall } from '@/app/api/calls/route';
import { GET as listLeads } from '@/app/api/leads/route';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let sql: SqlRunner;
let agent1: string;
let agent2: string;
let agent1Id: string;
let leadId: string;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  [agent1, agent2] = await Promise.all([signIn('agent1@callpace.test'), signIn('agent2@callpace.test')]);
  [{ id: agent1Id }] = await sql.query<{ id: string }>("SELECT id FROM users WHERE email = 'agent1@callpace.test'");
});
afterAll(() => sql.close());

async function freshLead(): Promise<string> {
  const [lead] = await sql.query<{ id: string }>(
    `UPDATE leads SET status = 'NEW', next_call_at = NULL, reserved_by_id = NULL WHERE id = (SELECT id FROM leads WHERE owner_id = $1 AND status <> 'DO_NOT_CALL' ORDER BY random() LIMIT 1) RETURNING id`,
    [agent1Id],
  );
  return lead.id;
}

const call = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  clientId: randomUUID(),
  leadId,
  outcome: 'no_answer',
  durationSec: 25,
  ...over,
});
const post = (body: unknown, cookie = agent1, headers: Record<string, string> = {}) =>
  invoke(postCall, '/api/calls', { body, cookie, headers });

describe('POST /api/calls', () => {
  it('logs a call (201), updates the lead in the same transaction, and replays return the same call (200)', async () => {
    leadId = await freshLead();
    const body = call({
      outcome: 'callback',
      callbackAt: new Date(Date.now() + 86_400_000).toISOString(),
      engagement: 70,
      notes: 'Call back tomorrow',
    });
    const first = await post(body);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      clientId: body.clientId,
      leadId,
      outcome: 'callback',
      durationSec: 25,
      engagement: 70,
      notes: 'Call back tomorrow',
    });
    const [lead] = await sql.query<{ status: string; next_call_at: Date; last_called_at: Date }>(
      'SELECT status, next_call_at, last_called_at FROM leads WHERE id = $1',
      [leadId],
    );
    expect(lead.status).toBe('CALLBACK');
    expect(lead.next_call_at.toISOString()).toBe(new Date(body.callbackAt as string).toISOString());
    expect(lead.last_called_at.toISOString()).toBe(first.json.startedAt);

    const replay = await post(body);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
  });

  it('counts a call replayed late from a phone without undoing what a newer call decided (do-not-call always applies)', async () => {
    leadId = await freshLead();
    await sql.query('UPDATE leads SET attempts = 0, last_called_at = NULL WHERE id = $1', [leadId]);
    const newer = await post(call({ outcome: 'qualified', startedAt: new Date(Date.now() - 60_000).toISOString() }));
    expect(newer.status).toBe(201);
    const late = await post(
      call({ outcome: 'no_answer', startedAt: new Date(Date.now() - 3_600_000).toISOString(), recordedOffline: true }),
    );
    expect(late.status).toBe(201);
    const [lead] = await sql.query<{ status: string; attempts: number; last_called_at: Date }>(
      'SELECT status, attempts, last_called_at FROM leads WHERE id = $1',
      [leadId],
    );
    expect(lead).toMatchObject({ status: 'QUALIFIED', attempts: 2 });
    expect(lead.last_called_at.toISOString()).toBe(newer.json.startedAt);

    const lateDoNotCall = await post(
      call({ outcome: 'do_not_call', startedAt: new Date(Date.now() - 7_200_000).toISOString(), recordedOffline: true }),
    );
    expect(lateDoNotCall.status).toBe(201);
    const [after] = await sql.query<{ status: string }>('SELECT status FROM leads WHERE id = $1', [leadId]);
    expect(after.status).toBe('DO_NOT_CALL');
  });

  it('keeps exactly one row when 20 posts of one clientId race', async () => {
    leadId = await freshLead();
    const body = call({ outcome: 'connected', durationSec: 140, engagement: 55 });
    const results = await Promise.all(Array.from({ length: 20 }, () => post(body)));
    expect(results.map((r) => r.status).sort((a, b) => b - a)).toEqual([201, ...Array(19).fill(200)]);
    expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
    const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE client_id = $1', [body.clientId]);
    expect(row.n).toBe(1);
  });

  it('takes do-not-call leads out of every queue and refuses further calls with 409', async () => {
    leadId = await freshLead();
    expect((await post(call({ outcome: 'do_not_call', durationSec: 30 }))).status).toBe(201);
    const queue = await invoke(listLeads, '/api/leads?limit=100', { cookie: agent1 });
    expect(queue.json.items.some((i: { id: string }) => i.id === leadId)).toBe(false);
    const refused = await post(call());
    expect(refused.status).toBe(409);
    expect(refused.json.error.reason).toBe('do_not_call');
  });

  it('is 404 for another agent’s lead and 409 for a clientId reused by someone else', async () => {
    leadId = await freshLead();
    const body = call();
    expect((await post(body, agent2)).status).toBe(404);
    expect((await post(body)).status).toBe(201);
    expect((await post(body, agent2)).status).toBe(409);
  });

  it('answers 401 signed out and 403 from another origin', async () => {
    leadId = await freshLead();
    expect((await post(call(), '')).status).toBe(401);
    expect((await post(call(), agent1, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it.each([
    { name: 'a missing clientId', over: { clientId: undefined }, path: 'clientId' },
    { name: 'a clientId that is not a UUID', over: { clientId: 'abc' }, path: 'clientId' },
    { name: 'an unknown outcome', over: { outcome: 'hung_up' }, path: 'outcome' },
    { name: 'a negative duration', over: { durationSec: -1 }, path: 'durationSec' },
    { name: 'a fractional duration', over: { durationSec: 1.5 }, path: 'durationSec' },
    { name: 'engagement over 100', over: { engagement: 101 }, path: 'engagement' },
    { name: 'a callback without a time', over: { outcome: 'callback' }, path: 'callbackAt' },
    { name: 'a callback time before the call', over: { outcome: 'callback', callbackAt: '2020-01-01T00:00:00Z' }, path: 'callbackAt' },
    { name: 'a start in the future', over: { startedAt: new Date(Date.now() + 3_600_000).toISOString() }, path: 'startedAt' },
    { name: 'notes over 2,000 characters', over: { notes: 'x'.repeat(2001) }, path: 'notes' },
  ])('refuses $name with 422 and writes nothing', async ({ over, path }) => {
    leadId = await freshLead();
    const count = async () => (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE lead_id = $1', [leadId]))[0].n;
    const before = await count();
    const result = await post(call(over));
    expect(result.status).toBe(422);
    expect(result.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await count()).toBe(before);
  });
});
