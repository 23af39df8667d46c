/**
 * Slow queries wait in memory and are written in small batches (every few
 * seconds, and on shutdown) with the client that has no timing extension,
 * so recording a slow query never records itself.
 */
import { onShutdown } from '../runtime/shutdown';
import { logger } from '../runtime/logger';

export interface SlowQueryRow {
  model: string | null;
  action: string;
  durationMs: number;
  route: string | null;
  statement: string;
  at: Date;
}

const FLUSH_MS = 5_000;
/** A storm of slow queries is summarized by the counter; the table keeps at most this many per flush. */
const MAX_PER_FLUSH = 200;

type Writer = (rows: SlowQueryRow[]) => Promise<void>;

class SlowQueryLog {
  private pending: SlowQueryRow[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dropped = 0;

  constructor(private readonly write: () => Promise<Writer>) {}

  add(row: SlowQueryRow): void {
    if (this.pending.length >= MAX_PER_FLUSH) this.dropped += 1;
    else this.pending.push(row);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    this.timer.unref?.();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = this.pending.splice(0);
    if (this.dropped) logger.warn('slow queries not stored (too many at once; counted in callpace_db_slow_queries_total)', { dropped: this.dropped });
    this.dropped = 0;
    if (rows.length === 0) return;
    try {
      await (await this.write())(rows);
    } catch (error) {
      logger.warn('could not store slow queries', { count: rows.length, error: (error as Error).message });
    }
  }
}

const globalForLog = globalThis as unknown as { callpaceSlowQueryLog?: SlowQueryLog };

export function slowQueryLog(): SlowQueryLog {
  if (!globalForLog.callpaceSlowQueryLog) {
    const log = new SlowQueryLog(async () => (await import('../db/client')).storeSlowQueries);
    globalForLog.callpaceSlowQueryLog = log;
    onShutdown('slow queries', () => log.flush());
  }
  return globalForLog.callpaceSlowQueryLog;
}
