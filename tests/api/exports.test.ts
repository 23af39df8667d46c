import { NextRequest } from 'next/server';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as exportLeads } from '@/app/api/exports/leads/route';
import { GET as exportCalls } from '@/app/api/exports/calls/route';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { signIn } from '../support/http';

let sql: SqlRunner;
let manager: string;
let agent: string;
let managerId: string;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  [manager, agent] = await Promise.all([signIn('manager1@callpace.test'), signIn('agent1@callpace.test')]);
  [{ id: managerId }] = await sql.query<{ id: string }>("SELECT id FROM users WHERE email = 'manager1@callpace.test'");
});
afterAll(() => sql.close());

type Handler = typeof exportLeads;
async function download(handler: Handler, url: string, cookie = manager) {
  const response = await handler(new NextRequest(`http://localhost:3000${url}`, { headers: { cookie } }), { params: Promise.resolve({}) });
  const text = await response.text();
  return {
    status: response.status,
    disposition: response.headers.get('content-disposition'),
    rows: response.ok ? (parse(text, { bom: true }) as string[][]) : [],
  };
}

describe('CSV exports', () => {
  it('exports every lead in the manager’s scope matching the filter, one row each', async () => {
    const result = await download(exportLeads, '/api/exports/leads?status=new');
    expect(result.status).toBe(200);
    expect(result.disposition).toMatch(/attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"/);
    const [{ n }] = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM leads WHERE status = 'NEW' AND (owner_id IN (SELECT id FROM users WHERE manager_id = $1) OR owner_id IS NULL)`,
      [managerId],
    );
    expect(result.rows[0]).toEqual([
      'id',
      'name',
      'company',
      'phone',
      'email',
      'status',
      'priority',
      'owner',
      'source',
      'last_called_at',
      'created_at',
    ]);
    expect(result.rows.length - 1).toBe(n);
    expect(new Set(result.rows.slice(1).map((row) => row[0])).size).toBe(n);
    expect(result.rows.slice(1).every((row) => row[5] === 'NEW' && row[3].startsWith('+'))).toBe(true);
  });

  it('exports the team’s calls in a range across batches, and defuses formula cells', async () => {
    const [{ last }] = await sql.query<{ last: Date }>('SELECT max(started_at) AS last FROM calls');
    const to = new Date(last.getTime() + 1);
    const from = new Date(to.getTime() - 120 * 86_400_000);
    const [{ id: callId }] = await sql.query<{ id: string }>(
      'SELECT c.id FROM calls c JOIN users u ON u.id = c.agent_id WHERE u.manager_id = $1 AND c.started_at >= $2 LIMIT 1',
      [managerId, from],
    );
    await sql.query(`UPDATE calls SET notes = '=HYPERLINK("http://evil")' WHERE id = $1`, [callId]);
    const result = await download(exportCalls, `/api/exports/calls?from=${from.toISOString()}&to=${to.toISOString()}`);
    expect(result.status).toBe(200);
    const [{ n }] = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM calls_all c JOIN users u ON u.id = c.agent_id WHERE u.manager_id = $1 AND u.role = $4 AND c.started_at >= $2 AND c.started_at < $3',
      [managerId, from, to, 'AGENT'],
    );
    expect(n).toBeGreaterThan(5_000);
    expect(result.rows.length - 1).toBe(n);
    expect(new Set(result.rows.slice(1).map((row) => row[0])).size).toBe(n);
    const starts = result.rows.slice(1).map((row) => Date.parse(row[1]));
    expect(starts.every((at, i) => i === 0 || at >= starts[i - 1])).toBe(true);
    expect(result.rows.find((row) => row[0] === callId)![9]).toBe(`'=HYPERLINK("http://evil")`);
  });

  it('answers agents 403 and bad ranges 422', async () => {
    expect((await download(exportLeads, '/api/exports/leads', agent)).status).toBe(403);
    expect((await download(exportCalls, '/api/exports/calls', agent)).status).toBe(403);
    expect((await download(exportCalls, '/api/exports/calls?from=2026-05-01&to=2026-04-01')).status).toBe(422);
  });
});
