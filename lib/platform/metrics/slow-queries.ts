/**
 * Slow queries wait in memory and are written in small batches (every few
 * seconds, and on shutdown) with the client that has no timing extension,
 * so recording a slow query never records itself. The database module hands
 * that writer over (`storeSlowQueriesWith`): metrics never imports the database.
 */
import { BufferedWriter, sharedWriter } from '../runtime/buffered-writer';
import { singleton } from '../runtime/singleton';

export interface SlowQueryRow {
  model: string | null;
  action: string;
  durationMs: number;
  route: string | null;
  statement: string;
  at: Date;
}

const FLUSH_MS = 5_000;
/** A storm of slow queries is summarized by the counter; at most this many wait to be stored. */
const MAX_PER_FLUSH = 200;

type SlowQueryStore = (rows: SlowQueryRow[]) => Promise<void>;
const store = () => singleton<{ write?: SlowQueryStore }>('slow-query-store', () => ({}));

/** Where slow queries are stored: set once by the database module. */
export function storeSlowQueriesWith(write: SlowQueryStore): void {
  store().write = write;
}

/** Slow queries through the one buffered writer; a storm beyond MAX_PENDING is summarized by the counter. */
export function slowQueryLog(): BufferedWriter<SlowQueryRow> {
  return sharedWriter('slow-query-log', {
    name: 'slow queries',
    write: async (rows) => {
      const write = store().write;
      if (!write) throw new Error('no slow-query store: the database module was not loaded');
      await write(rows);
    },
    flushMs: FLUSH_MS,
    maxBatch: MAX_PER_FLUSH,
    maxPending: MAX_PER_FLUSH,
  });
}
