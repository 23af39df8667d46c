/**
 * Report queries read the replica named by DATABASE_REPLICA_URL; an agent's reads stay on the primary.
 * A second PostgreSQL database stands in for the replica: it holds the same seed, and "replication" is
 * what this test does by hand, so the lag between the two is under its control.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const replica = vi.hoisted(() => {
  const name = `callpace_replica_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  // Set before the app's modules load: the Prisma clients are made from the environment on import.
  process.env.DATABASE_REPLICA_URL = url.toString();
  return { name, url: url.toString() };
});

const { POST: postCall } = await import('@/app/api/calls/route');
const { GET: leadDetail } = await import('@/app/api/leads/[id]/route');
const { GET: callReport } = await import('@/app/api/reports/calls/route');
const { GET: healthDetailed } = await import('@/app/api/health/detailed/route');
const { createAdapterFactory } = await import('@/lib/platform/db/adapter');
const { applyMigrations } = await import('@/lib/platform/db/migrate');
const { openSqlRunner } = await import('@/lib/platform/db/sql');
const { seed } = await import('@/prisma/seed');
const { ADMIN_URL, dropTestDatabase } = await import('../setup/test-database');
const { invoke, signIn } = await import('../support/http');
const pg = (await import('pg')).default;

type Runner = Awaited<ReturnType<typeof openSqlRunner>>;
let primary: Runner;
let copy: Runner;
let agent: string;
let manager: string;
let agentId: string;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${replica.name}"`);
  await admin.end();
  await applyMigrations(createAdapterFactory({ kind: 'postgres', url: replica.url, poolSize: 2 }));
  primary = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  copy = await openSqlRunner({ kind: 'postgres', url: replica.url, poolSize: 2 });
  // The seed is deterministic: both databases hold the same users, leads and calls.
  await seed(primary, { scale: 'small' });
  await seed(copy, { scale: 'small' });
  [agent, manager] = await Promise.all([signIn('agent1@callpace.test'), signIn('manager1@callpace.test')]);
  [{ id: agentId }] = await primary.query<{ id: string }>("SELECT id FROM users WHERE email = 'agent1@callpace.test'");
});

afterAll(async () => {
  delete process.env.DATABASE_REPLICA_URL;
  await Promise.all([primary?.close(), copy?.close()]);
  await dropTestDatabase(replica.name);
});

const countCalls = async (runner: Runner, from: Date, to: Date) =>
  Number(
    (
      await runner.query<{ n: string }>(
        `SELECT count(*) AS n FROM calls_all c JOIN users u ON u.id = c.agent_id
      WHERE u.manager_id = (SELECT id FROM users WHERE email = 'manager1@callpace.test') AND c.started_at >= $1 AND c.started_at < $2`,
        [from, to],
      )
    )[0].n,
  );

describe('read replica', () => {
  it('is checked by the detailed health endpoint', async () => {
    const { status, json } = await invoke(healthDetailed, '/api/health/detailed', {
      headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` },
    });
    expect(status).toBe(200);
    expect(json.checks.replica).toMatchObject({ status: 'up', latencyMs: expect.any(Number) });
  });

  it('answers call reports from the replica and the agent from the primary', async () => {
    const to = new Date(Date.now() + 3_600_000);
    const from = new Date(to.getTime() - 7 * 86_400_000);
    const report = async () =>
      (await invoke(callReport, `/api/reports/calls?from=${from.toISOString()}&to=${to.toISOString()}`, { cookie: manager })).json;

    const before = await report();
    expect(before.totals.calls).toBe(await countCalls(copy, from, to));

    const [{ id: leadId }] = await primary.query<{ id: string }>(
      "SELECT id FROM leads WHERE owner_id = $1 AND status <> 'DO_NOT_CALL' LIMIT 1",
      [agentId],
    );
    const clientId = randomUUID();
    const logged = await invoke(postCall, '/api/calls', {
      cookie: agent,
      body: { clientId, leadId, outcome: 'connected', durationSec: 95, engagement: 40 },
    });
    expect(logged.status).toBe(201);

    // The agent reads their own write back at once: the lead comes from the primary.
    const lead = await invoke(leadDetail, `/api/leads/${leadId}`, { cookie: agent, params: { id: leadId } });
    expect(lead.json.calls.map((call: { clientId: string }) => call.clientId)).toContain(clientId);

    // The report has not seen it: the replica is behind, as a real one may be for a moment.
    expect(await countCalls(primary, from, to)).toBe(before.totals.calls + 1);
    expect((await report()).totals.calls).toBe(before.totals.calls);

    // Once the replica has the call (and its rollup row), the report counts it.
    const [call] = await primary.query<Record<string, unknown>>('SELECT * FROM calls WHERE client_id = $1', [clientId]);
    const columns = Object.keys(call);
    await copy.query(
      `INSERT INTO calls (${columns.map((c) => `"${c}"`).join(', ')}) SELECT * FROM json_populate_record(NULL::calls, $1::json)`,
      [JSON.stringify(call)],
    );
    await copy.exec('TRUNCATE call_hourly');
    const [{ n: hourly }] = await primary.query<{ n: string }>('SELECT count(*) AS n FROM call_hourly');
    const rows = await primary.query<Record<string, unknown>>('SELECT * FROM call_hourly');
    for (const row of rows)
      await copy.query('INSERT INTO call_hourly SELECT * FROM json_populate_record(NULL::call_hourly, $1::json)', [JSON.stringify(row)]);
    expect(rows.length).toBe(Number(hourly));
    expect((await report()).totals.calls).toBe(before.totals.calls + 1);
  });
});
