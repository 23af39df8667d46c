/**
 * The releases this deployment has served, for the beacon endpoint: the
 * current one (the server's release id, and the one inlined into the pages,
 * which differ under `next dev`), and those already in the field histograms
 * over the last SEEN_DAYS (a page left open or a beacon in an offline outbox
 * replays for days, never for months). Read once, then refreshed in the
 * background every REFRESH_MS: checking a beacon is a set lookup, never a
 * query. A beacon naming any other release is refused (422), so nothing an
 * anonymous client makes up becomes a release in the field report.
 */
import 'server-only';
import { sql } from 'kysely';
import { db } from '../platform/db/client';
import { logger } from '../platform/runtime/logger';
import { releaseId } from '../platform/runtime/release';
import { singleton } from '../platform/runtime/singleton';

const REFRESH_MS = 5 * 60_000;
const SEEN_DAYS = 35;

interface Known {
  releases: Set<string>;
  loadedAt: number;
  loading: Promise<void> | null;
}

const state = singleton<Known>('known-releases', () => ({ releases: new Set(), loadedAt: 0, loading: null }));

const current = (release: string) =>
  release === releaseId() || (!!process.env.NEXT_PUBLIC_RELEASE_ID && release === process.env.NEXT_PUBLIC_RELEASE_ID);

async function load(): Promise<void> {
  try {
    // The daily rows' primary key starts with the day: an index range, not a scan of the table.
    const rows = await db.$kysely
      .selectFrom('vital_histograms_daily')
      .select('release')
      .distinct()
      .where('day', '>=', sql<Date>`current_date - ${SEEN_DAYS}::int`)
      .execute();
    state.releases = new Set(rows.map((row) => row.release));
    state.loadedAt = Date.now();
  } catch (error) {
    // Keep what was known (the current release is always taken) and try again sooner.
    logger.warn('could not read the releases seen before', { error: (error as Error).name });
    state.loadedAt = Date.now() - REFRESH_MS / 2;
  } finally {
    state.loading = null;
  }
}

/** Whether beacons of `release` are taken. Only a process's first beacon of an older release waits for the read. */
export async function isKnownRelease(release: string): Promise<boolean> {
  if (current(release)) return true;
  if (state.loadedAt === 0) await (state.loading ??= load());
  else if (Date.now() - state.loadedAt > REFRESH_MS) state.loading ??= load();
  return state.releases.has(release);
}
