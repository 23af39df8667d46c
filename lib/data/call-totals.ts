/**
 * Call totals for a range, live and archived alike (the `calls_all` view):
 * the figures call reports start from. The manager dashboard builds on it.
 */
import { db } from '../db/client';
import { Prisma } from '../db/generated/client';

export interface CallTotals {
  calls: number;
  talkSeconds: number;
  byOutcome: Record<string, number>;
}

export async function getCallTotals(query: { from: Date; to: Date; agentId?: string }): Promise<CallTotals> {
  const agent = query.agentId ? Prisma.sql` AND agent_id = ${query.agentId}::uuid` : Prisma.empty;
  const rows = await db.$queryRaw<{ outcome: string; n: number; seconds: bigint }[]>`
    SELECT outcome::text AS outcome, count(*)::int AS n, sum(duration_sec)::bigint AS seconds FROM calls_all
     WHERE started_at >= ${query.from}::timestamptz AND started_at < ${query.to}::timestamptz${agent}
     GROUP BY outcome`;
  return {
    calls: rows.reduce((sum, row) => sum + row.n, 0),
    talkSeconds: rows.reduce((sum, row) => sum + Number(row.seconds), 0),
    byOutcome: Object.fromEntries(rows.map((row) => [row.outcome, row.n])),
  };
}
