/**
 * The one buffered writer: rows wait in memory and are written in batches —
 * every `flushMs`, at once when `maxBatch` are waiting, and on shutdown —
 * for field samples, request histograms, slow queries (in the database) and
 * cache statistics (in Redis). Counters (histogram buckets, hit counts) are
 * added together as they arrive (`combine`), so what waits grows with the
 * number of keys, not of events, and a batch never holds a key twice.
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
import { existingSingleton, singleton } from './singleton';

export interface BufferedWriterOptions<T> {
  name: string;
  write: (rows: T[]) => Promise<void>;
  flushMs: number;
  maxBatch: number;
  /** Oldest rows are dropped (counted) beyond this many waiting. */
  maxPending: number;
  /**
   * Rows that are one row to the store (a histogram bucket's count, a hit counter) are added together as
   * they arrive: `key` names that row, `add` adds `row` into the waiting `into`. The writer owns a row once
   * it is added.
   */
  combine?: { key: (row: T) => string; add: (into: T, row: T) => void };
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
export const isDataError = (error: unknown) =>
  /^(21|22|23)/.test(sqlState(error) ?? '') ||
  /invalid byte sequence|unsupported Unicode escape|out of range/i.test((error as Error)?.message ?? '');

type Dropped = (buffer: string, reason: string, rows: number) => void;
const drops = () => singleton<{ listener?: Dropped }>('buffer-drops', () => ({}));

/** The metrics registry sets this (kept apart so the writer does not load prom-client into every bundle). */
export function onRowsDropped(listener: Dropped): void {
  drops().listener = listener;
}

export class BufferedWriter<T> {
  private pending: T[] = [];
  /** With `combine`: the waiting row of each key. */
  private readonly byKey = new Map<string, T>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private attempts = 0;
  /** Rows dropped since start, by reason (also in Prometheus). */
  readonly dropped = new Map<string, number>();

  constructor(private readonly options: BufferedWriterOptions<T>) {}

  get name(): string {
    return this.options.name;
  }

  add(rows: T[]): void {
    this.enqueue(rows, 'end');
    const over = this.pending.length - this.options.maxPending;
    if (over > 0) {
      this.take(over);
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
        const batch = this.take(this.options.maxBatch);
        try {
          await this.writeIsolating(batch);
          this.attempts = 0;
        } catch (error) {
          // Not the data's fault: keep it and come back later, a bounded number of times.
          this.attempts += 1;
          if (this.attempts >= (this.options.maxAttempts ?? 6)) {
            this.drop('unavailable', batch.length);
            logger.error(`${this.options.name}: database unavailable, batch dropped after ${this.attempts} attempts`, {
              rows: batch.length,
              error: (error as Error).message,
            });
            this.attempts = 0;
            continue;
          }
          this.enqueue(batch, 'start');
          logger.warn(`${this.options.name}: could not write; retrying`, {
            rows: batch.length,
            attempt: this.attempts,
            error: (error as Error).message,
          });
          this.schedule(this.options.flushMs * 2 ** this.attempts);
          return;
        }
      }
    });
    return this.writing;
  }

  /** Queues rows at the end (new) or the start (a batch kept for a retry), adding each into a waiting row of its key. */
  private enqueue(rows: T[], where: 'start' | 'end'): void {
    const combine = this.options.combine;
    if (!combine) {
      if (where === 'end') this.pending.push(...rows);
      else this.pending.unshift(...rows);
      return;
    }
    const fresh: T[] = [];
    for (const row of rows) {
      const key = combine.key(row);
      const waiting = this.byKey.get(key);
      if (waiting) combine.add(waiting, row);
      else {
        this.byKey.set(key, row);
        fresh.push(row);
      }
    }
    if (where === 'end') this.pending.push(...fresh);
    else this.pending.unshift(...fresh);
  }

  /** Takes the oldest `n` waiting rows. */
  private take(n: number): T[] {
    const taken = this.pending.splice(0, n);
    const combine = this.options.combine;
    if (combine) for (const row of taken) this.byKey.delete(combine.key(row));
    return taken;
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
    drops().listener?.(this.options.name, reason, rows);
  }
}

type Flushable = { readonly name: string; flush(): Promise<void> };

/**
 * The process-wide writer under `key` (a singleton: each route bundle has its own copy of a module), flushed
 * on shutdown. Made from `options`, or by `make` for a writer class of its own (lib/platform/metrics/request-histograms).
 */
export function sharedWriter<T>(key: string, options: BufferedWriterOptions<T>): BufferedWriter<T>;
export function sharedWriter<W extends Flushable>(key: string, make: () => W): W;
export function sharedWriter(key: string, from: BufferedWriterOptions<never> | (() => Flushable)): Flushable {
  return singleton(key, () => {
    const made = typeof from === 'function' ? from() : new BufferedWriter(from);
    onShutdown(made.name, () => made.flush());
    return made;
  });
}

/** How many rows wait in the shared writer under `key` (0 before it is made). */
export const waitingIn = (key: string): number => existingSingleton<{ waiting: number }>(key)?.waiting ?? 0;
