/**
 * The call export: every call of the given agents in a range, live and archived (the view `calls_all`),
 * oldest first, read in keyset batches on (started_at, id) so a year of calls streams with flat memory.
 */
import 'server-only';
import { sql } from 'kysely';
import { db } from '../platform/db/client';
import type { DB } from '../platform/db/generated/kysely';

const BATCH = 5_000;

export const CALL_EXPORT_COLUMNS = [
  'id',
  'started_at',
  'agent',
  'lead_id',
  'lead',
  'phone',
  'outcome',
  'duration_sec',
  'engagement',
  'notes',
  'callback_at',
  'recorded_offline',
];

/** The view over `calls` and `calls_archive` (same columns): Prisma does not model views. */
const calls = () => db.$kysely.withTables<{ calls_all: DB['calls'] }>();

export interface CallExportQuery {
  agentIds: string[];
  from: Date;
  to: Date;
}

/** The rows of the export in CALL_EXPORT_COLUMNS order, a batch at a time. */
export async function* exportCallRows({ agentIds, from, to }: CallExportQuery): AsyncGenerator<unknown[][]> {
  let after: [Date, string] = [new Date(from.getTime() - 1), '00000000-0000-0000-0000-000000000000'];
  for (;;) {
    const rows = await calls()
      .selectFrom('calls_all as c')
      .innerJoin('users as u', 'u.id', 'c.agent_id')
      .leftJoin('leads as l', 'l.id', 'c.lead_id')
      .select([
        'c.id',
        'c.started_at',
        'u.name as agent',
        'c.lead_id',
        sql<string | null>`l.first_name || ' ' || l.last_name`.as('lead'),
        'l.phone',
        sql<string>`c.outcome::text`.as('outcome'),
        'c.duration_sec',
        'c.engagement',
        'c.notes',
        'c.callback_at',
        'c.recorded_offline',
      ])
      .where(sql<boolean>`c.agent_id = ANY(${agentIds}::uuid[])`)
      .where('c.started_at', '>=', from)
      .where('c.started_at', '<', to)
      .where(sql<boolean>`(c.started_at, c.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`)
      .orderBy('c.started_at')
      .orderBy('c.id')
      .limit(BATCH)
      .execute();
    yield rows.map((row) => [
      row.id,
      row.started_at,
      row.agent,
      row.lead_id,
      row.lead,
      row.phone,
      row.outcome,
      row.duration_sec,
      row.engagement,
      row.notes,
      row.callback_at,
      row.recorded_offline,
    ]);
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1];
    after = [last.started_at, last.id];
  }
}
