import { createHash } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { SCALES, seed } from '@/prisma/seed';
import { DEMO_PASSWORD } from '@/prisma/seed/people';

const target = { kind: 'postgres' as const, url: process.env.DATABASE_URL!, poolSize: 2 };
const now = new Date('2026-11-20T00:00:00Z');
let sql: SqlRunner;

async function fingerprint(): Promise<string> {
  const leads = await sql.query(
    'SELECT id, first_name, last_name, phone, email, timezone, status, priority, score, owner_id, next_call_at, last_called_at FROM leads ORDER BY id',
  );
  const calls = await sql.query('SELECT client_id, lead_id, started_at, outcome, duration_sec FROM calls ORDER BY client_id');
  const vitals = await sql.query('SELECT metric, value, route, device, at FROM vital_samples ORDER BY sample_id');
  return createHash('sha256')
    .update(JSON.stringify([leads, calls, vitals]))
    .digest('hex');
}

beforeAll(async () => {
  sql = await openSqlRunner(target);
  await seed(sql, { scale: 'small', now });
});
afterAll(() => sql.close());

describe('seed', () => {
  it('creates the demo accounts with the documented emails and password', async () => {
    const users = await sql.query<{ email: string; role: string; password_hash: string; manager_id: string | null }>(
      "SELECT u.email, u.role, a.password AS password_hash, u.manager_id FROM users u JOIN accounts a ON a.user_id = u.id AND a.provider_id = 'credential'",
    );
    const count = (role: string) => users.filter((u) => u.role === role).length;
    expect([count('ADMIN'), count('MANAGER'), count('AGENT')]).toEqual([1, 3, 40]);
    const emails = users.map((u) => u.email);
    expect(emails).toEqual(
      expect.arrayContaining(['admin@callpace.test', 'manager1@callpace.test', 'agent1@callpace.test', 'agent40@callpace.test']),
    );
    const agent = users.find((u) => u.email === 'agent1@callpace.test')!;
    expect(agent.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verify(agent.password_hash, DEMO_PASSWORD)).toBe(true);
    expect(await verify(agent.password_hash, 'wrong')).toBe(false);
    expect(users.filter((u) => u.role === 'AGENT').every((u) => u.manager_id)).toBe(true);
  });

  it('loads exactly the small scale', async () => {
    const [row] = await sql.query<{ leads: number; calls: number; vitals: number }>(
      'SELECT (SELECT count(*) FROM leads)::int AS leads, (SELECT count(*) FROM calls)::int AS calls, (SELECT count(*) FROM vital_samples)::int AS vitals',
    );
    expect(row).toEqual({ leads: SCALES.small.leads, calls: SCALES.small.calls, vitals: SCALES.small.vitals });
  });

  it('gives leads unique E.164 phones, valid IANA zones and many regions', async () => {
    const leads = await sql.query<{ phone: string; timezone: string; email: string | null }>('SELECT phone, timezone, email FROM leads');
    expect(leads.every((l) => /^\+[1-9]\d{7,14}$/.test(l.phone))).toBe(true);
    expect(new Set(leads.map((l) => l.phone)).size).toBe(leads.length);
    const zones = new Set(leads.map((l) => l.timezone));
    for (const zone of zones) expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
    expect(zones.size).toBeGreaterThanOrEqual(15);
    expect(leads.filter((l) => l.email).every((l) => /^[a-z]+\.[a-z]+\d*@[a-z0-9.-]+\.[a-z.]+$/.test(l.email!))).toBe(true);
  });

  it('has a realistic outcome mix: mostly no answer and voicemail, some connects and qualified', async () => {
    const rows = await sql.query<{ outcome: string; share: number }>(
      'SELECT outcome, count(*)::float / sum(count(*)) OVER () AS share FROM calls GROUP BY outcome',
    );
    const share = Object.fromEntries(rows.map((r) => [r.outcome, r.share]));
    expect(share.NO_ANSWER).toBeGreaterThan(0.3);
    expect(share.VOICEMAIL).toBeGreaterThan(0.15);
    expect(share.CONNECTED).toBeGreaterThan(0.05);
    expect(share.QUALIFIED).toBeGreaterThan(0.003);
    expect(share.QUALIFIED).toBeLessThan(share.CONNECTED);
  });

  it('places calls in working hours of the lead’s local time, mostly on weekdays, in the past', async () => {
    const [row] = await sql.query<{ off_hours: number; weekend: number; future: number }>(
      `
      SELECT avg((extract(hour FROM c.started_at AT TIME ZONE l.timezone) NOT BETWEEN 7 AND 21)::int)::float AS off_hours,
             avg((extract(isodow FROM c.started_at AT TIME ZONE l.timezone) >= 6)::int)::float AS weekend,
             sum((c.started_at > $1)::int)::int AS future
        FROM calls c JOIN leads l ON l.id = c.lead_id`,
      [now],
    );
    expect(row.off_hours).toBeLessThan(0.05); // zone offsets are taken once, so DST edges shift a few by an hour
    expect(row.weekend).toBeLessThan(0.12);
    expect(row.future).toBe(0);
  });

  it('keeps each lead consistent with its calls', async () => {
    const [row] = await sql.query<{ mismatched: number; new_with_calls: number }>(`
      SELECT count(*) FILTER (WHERE l.last_called_at IS DISTINCT FROM c.last)::int AS mismatched,
             count(*) FILTER (WHERE l.status = 'NEW' AND c.last IS NOT NULL)::int AS new_with_calls
        FROM leads l LEFT JOIN (SELECT lead_id, max(started_at) AS last FROM calls GROUP BY lead_id) c ON c.lead_id = l.id`);
    expect(row).toEqual({ mismatched: 0, new_with_calls: 0 });
  });

  it('rolls vital samples into histograms that count every sample', async () => {
    const [row] = await sql.query<{ samples: number; counted: number }>(
      'SELECT (SELECT count(*) FROM vital_samples)::int AS samples, (SELECT sum(count) FROM vital_histograms)::int AS counted',
    );
    expect(row.counted).toBe(row.samples);
    const routes = await sql.query<{ route: string }>('SELECT DISTINCT route FROM vital_samples');
    expect(routes.every((r) => !/\d{3,}|@/.test(r.route))).toBe(true); // patterns, never URLs with ids or people
  });

  it('has slower LCP on phones than on desktops', async () => {
    const rows = await sql.query<{ device: string; p75: number }>(
      "SELECT device, percentile_cont(0.75) WITHIN GROUP (ORDER BY value) AS p75 FROM vital_samples WHERE metric = 'LCP' GROUP BY device",
    );
    const p75 = Object.fromEntries(rows.map((r) => [r.device, r.p75]));
    expect(p75.mobile).toBeGreaterThan(p75.desktop * 1.3);
  });

  it('is deterministic: seeding again gives identical data', async () => {
    const first = await fingerprint();
    await seed(sql, { scale: 'small', now });
    expect(await fingerprint()).toBe(first);
  });
});
