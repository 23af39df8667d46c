/**
 * The one buffered writer: rows wait in memory and are written in batches —
 * every `flushMs`, at once when `maxBatch` are waiting, and on shutdown —
 * for field samples, request histograms, slow queries (in the database) and
 * cache statistics (in Redis).
 *
 * A batch the database refuses because of its data (SQLSTATE classes 21,
 * 22, 23: a byte PostgreSQL cannot store, a value out of range, a duplicate
 * key) is split in halves until the rows it refuses are alone: the good rows
 * are stored, each bad one is dropped, counted
 * (callpace_buffer_rows_dropped_total{buffer,reason}) and logged by its
 * SQLSTATE, never by its values. Anything else (the database unreachable) is
 * kept and retried with a doubling delay, at most `maxAttempts` times, then
 * dropped and counted: nothing is retried forever, and no single row can stop
 * the writer for everyone else.
 */
import { logger } from './logger';
import { onShutdown } from './shutdown';

export interface BufferedWriterOptions<T> {
  name: string;
  write: (rows: T[]) => Promise<void>;
  flushMs: number;
  maxBatch: number;
  /** Oldest rows are dropped (counted) beyond this many waiting. */
  maxPending: number;
  /** Combines rows that a batch must not hold twice (e.g. histogram rows of one key), before each write. */
  merge?: (rows: T[]) => T[];
  maxAttempts?: number;
}

/** The SQLSTATE of a database error, wherever the driver or Prisma put it. */
export function sqlState(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const record = error as Record<string, unknown>;
  for (const key of ['originalCode', 'code']) {
    const value = record[key];
    if (typeof value === 'string' && /^[0-9A-Z]{5}$/.test(value) && !value.startsWith('P')) return value;
  }
  for (const key of ['cause', 'meta', 'driverAdapterError', 'kind']) {
    const found = sqlState(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Refused for what the rows hold (retrying cannot help), rather than for where the database is. */
export const isDataError = (error: unknown) => /^(21|22|23)/.test(sqlState(error) ?? '') || /invalid byte sequence|unsupported Unicode escape|out of range/i.test((error as Error)?.message ?? '');

type Dropped = (buffer: string, reason: string, rows: number) => void;
const globalForDrops = globalThis as unknown as { callpaceBufferDrops?: Dropped };

/** The metrics registry sets this (kept apart so the writer does not load prom-client into every bundle). */
export function onRowsDropped(listener: Dropped): void {
  globalForDrops.callpaceBufferDrops = listener;
}

export class BufferedWriter<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private attempts = 0;
  /** Rows dropped since start, by reason (also in Prometheus). */
  readonly dropped = new Map<string, number>();

  constructor(private readonly options: BufferedWriterOptions<T>) {}

  add(rows: T[]): void {
    this.pending.push(...rows);
    const over = this.pending.length - this.options.maxPending;
    if (over > 0) {
      this.pending.splice(0, over);
      this.drop('buffer_full', over);
    }
    if (this.pending.length >= this.options.maxBatch) void this.flush();
    else this.schedule(this.options.flushMs);
  }

  get waiting(): number {
    return this.pending.length;
  }

  /** Writes everything waiting; resolves when it is stored, dropped, or kept for a retry. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(async () => {
      while (this.pending.length > 0) {
        const taken = this.pending.splice(0, this.options.maxBatch);
        const batch = this.options.merge ? this.options.merge(taken) : taken;
        try {
          await this.writeIsolating(batch);
          this.attempts = 0;
        } catch (error) {
          // Not the data's fault: keep it and come back later, a bounded number of times.
          this.attempts += 1;
          if (this.attempts >= (this.options.maxAttempts ?? 6)) {
            this.drop('unavailable', batch.length);
            logger.error(`${this.options.name}: database unavailable, batch dropped after ${this.attempts} attempts`, { rows: batch.length, error: (error as Error).message });
            this.attempts = 0;
            continue;
          }
          this.pending.unshift(...batch);
          logger.warn(`${this.options.name}: could not write; retrying`, { rows: batch.length, attempt: this.attempts, error: (error as Error).message });
          this.schedule(this.options.flushMs * 2 ** this.attempts);
          return;
        }
      }
    });
    return this.writing;
  }

  /** Writes `rows`; on a data error, halves until the refused rows are alone and drops those. */
  private async writeIsolating(rows: T[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.options.write(rows);
    } catch (error) {
      if (!isDataError(error)) throw error;
      if (rows.length === 1) {
        const reason = sqlState(error) ?? 'refused';
        this.drop(reason, 1);
        logger.warn(`${this.options.name}: row refused by the database and dropped`, { reason });
        return;
      }
      const half = Math.ceil(rows.length / 2);
      await this.writeIsolating(rows.slice(0, half));
      await this.writeIsolating(rows.slice(half));
    }
  }

  private schedule(ms: number) {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), ms);
    this.timer.unref?.();
  }

  private drop(reason: string, rows: number) {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + rows);
    globalForDrops.callpaceBufferDrops?.(this.options.name, reason, rows);
  }
}

/** A process-wide writer (on globalThis: each route bundle has its own copy of a module), flushed on shutdown. */
export function sharedWriter<T>(key: string, options: BufferedWriterOptions<T>): BufferedWriter<T> {
  const store = globalThis as unknown as Record<string, BufferedWriter<T> | undefined>;
  let writer = store[key];
  if (!writer) {
    const made = new BufferedWriter(options);
    store[key] = writer = made;
    onShutdown(options.name, () => made.flush());
  }
  return writer;
}
