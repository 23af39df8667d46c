/**
 * Moves calls that started more than CALL_ARCHIVE_DAYS ago from `calls` to
 * `calls_archive`, oldest first, in batches: each batch is one statement
 * (DELETE … RETURNING feeding the INSERT), so a call is always in exactly one
 * of the two tables. Call reports read the view `calls_all`, so archived
 * calls still count; the live table and its indexes stay small.
 */
import 'server-only';
import { sql } from 'kysely';
import { db } from '../platform/db/client';
import { getEnv } from '../platform/env';

const BATCH = 10_000;
/** Every column of a call, in the order both tables declare them. */
const COLUMNS = [
  'id',
  'client_id',
  'lead_id',
  'agent_id',
  'started_at',
  'duration_sec',
  'outcome',
  'engagement',
  'notes',
  'key_phrases',
  'callback_at',
  'recorded_offline',
  'created_at',
] as const;

export async function archiveCalls(now = new Date(), olderThanDays = getEnv().CALL_ARCHIVE_DAYS): Promise<{ archived: number }> {
  const cutoff = new Date(now.getTime() - olderThanDays * 86_400_000);
  let archived = 0;
  for (;;) {
    const { numInsertedOrUpdatedRows } = await db.$kysely
      .with('moved', (q) =>
        q
          .deleteFrom('calls')
          .where('id', 'in', (oldest) =>
            oldest
              .selectFrom('calls')
              .select('id')
              .where('started_at', '<', sql<Date>`${cutoff}::timestamptz`)
              .orderBy('started_at')
              .limit(BATCH),
          )
          .returning(COLUMNS),
      )
      .insertInto('calls_archive')
      .columns(COLUMNS)
      .expression((q) => q.selectFrom('moved').selectAll())
      .executeTakeFirstOrThrow();
    const moved = Number(numInsertedOrUpdatedRows ?? 0);
    archived += moved;
    if (moved < BATCH) return { archived };
  }
}
