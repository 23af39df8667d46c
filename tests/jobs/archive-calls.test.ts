import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupStatements } from '@/lib/calls/call-rollup';
import { getCallSummary } from '@/lib/reports/call-report';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { archiveCalls } from '@/lib/calls/archive-calls';
import { seed } from '@/prisma/seed';

let sql: SqlRunner;
beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
});
afterAll(() => sql.close());

describe('archiving old calls', () => {
  it('moves only calls older than the limit, each exactly once, and call totals still count them', async () => {
    const [{ agent_id: agentId, lead_id: leadId }] = await sql.query<{ agent_id: string; lead_id: string }>(
      'SELECT agent_id, lead_id FROM calls LIMIT 1',
    );
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const ids: Record<string, string> = {};
    for (const [name, days, outcome] of [
      ['old1', 400, 'NO_ANSWER'],
      ['old2', 380, 'CONNECTED'],
      ['edge', 364, 'VOICEMAIL'],
      ['recent', 3, 'CONNECTED'],
    ] as const) {
      ids[name] = randomUUID();
      await sql.query(
        'INSERT INTO calls (id, client_id, lead_id, agent_id, started_at, duration_sec, outcome) VALUES ($1, $2, $3, $4, $5, 60, $6)',
        [ids[name], randomUUID(), leadId, agentId, ago(days), outcome],
      );
    }
    // As record-call does: the call report's rollups move with the calls.
    for (const statement of rollupStatements('c.id = ANY($1::uuid[])')) await sql.query(statement, [Object.values(ids)]);
    // The call report's own totals, over every agent and over one.
    const everyone = (await sql.query<{ id: string }>("SELECT id FROM users WHERE role = 'AGENT'")).map((row) => row.id);
    const getCallTotals = (query: { from: Date; to: Date; agentId?: string }) =>
      getCallSummary({ from: query.from, to: query.to, agentIds: query.agentId ? [query.agentId] : everyone, timeZone: 'UTC' });
    const range = { from: ago(500), to: now };
    const before = await getCallTotals(range);
    const beforeAgent = await getCallTotals({ ...range, agentId });

    const { archived } = await archiveCalls(now, 365);
    expect(archived).toBeGreaterThanOrEqual(2);

    const where = async (id: string) => {
      const [live] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE id = $1', [id]);
      const [old] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM calls_archive WHERE id = $1', [id]);
      return `${live.n}/${old.n}`;
    };
    expect(await where(ids.old1)).toBe('0/1');
    expect(await where(ids.old2)).toBe('0/1');
    expect(await where(ids.edge)).toBe('1/0');
    expect(await where(ids.recent)).toBe('1/0');
    const [{ n: stillOld }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM calls WHERE started_at < $1', [ago(365)]);
    expect(stillOld).toBe(0);

    expect(await getCallTotals(range)).toEqual(before);
    expect(await getCallTotals({ ...range, agentId })).toEqual(beforeAgent);
    const old = (await getCallTotals({ from: ago(401), to: ago(379) })).byOutcome;
    expect(old.NO_ANSWER).toBeGreaterThanOrEqual(1);
    expect(old.CONNECTED).toBeGreaterThanOrEqual(1);

    // Running again moves nothing new.
    expect((await archiveCalls(now, 365)).archived).toBe(0);
  });
});
