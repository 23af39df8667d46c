/**
 * Moves calls that started more than CALL_ARCHIVE_DAYS ago from `calls` to
 * `calls_archive`, oldest first, in batches: each batch is one statement
 * (DELETE … RETURNING feeding the INSERT), so a call is always in exactly one
 * of the two tables. Call reports read the view `calls_all`, so archived
 * calls still count; the live table and its indexes stay small.
 */
import { db } from '../platform/db/client';
import { getEnv } from '../platform/env';

const BATCH = 10_000;

export async function archiveCalls(now = new Date(), olderThanDays = getEnv().CALL_ARCHIVE_DAYS): Promise<{ archived: number }> {
  const cutoff = new Date(now.getTime() - olderThanDays * 86_400_000);
  let archived = 0;
  for (;;) {
    const moved = await db.$executeRaw`
      WITH moved AS (
        DELETE FROM calls WHERE id IN (SELECT id FROM calls WHERE started_at < ${cutoff}::timestamptz ORDER BY started_at LIMIT ${BATCH})
        RETURNING id, client_id, lead_id, agent_id, started_at, duration_sec, outcome, engagement, notes, key_phrases, callback_at, recorded_offline, created_at)
      INSERT INTO calls_archive (id, client_id, lead_id, agent_id, started_at, duration_sec, outcome, engagement, notes, key_phrases, callback_at, recorded_offline, created_at)
      SELECT * FROM moved`;
    archived += moved;
    if (moved < BATCH) return { archived };
  }
}
