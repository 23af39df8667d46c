/**
 * Raw SQL for operator commands (seed, reset, health of the migrations
 * table) over either database. The app itself goes through Prisma Client.
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { DatabaseTarget } from './adapter';
import { openPglite } from './pglite';

export interface SqlRunner {
  readonly kind: DatabaseTarget['kind'];
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /** Bulk load rows already in COPY text format (tab-separated, \N for null). */
  copyIn(table: string, columns: string[], chunks: Iterable<string>): Promise<void>;
  close(): Promise<void>;
}

export async function openSqlRunner(target: DatabaseTarget, shared?: PGlite): Promise<SqlRunner> {
  return target.kind === 'postgres' ? postgresRunner(target.url) : pgliteRunner(shared ?? (await openPglite(target.dataDir)), !shared);
}

function copyStatement(table: string, columns: string[], source: string): string {
  return `COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM ${source}`;
}

function postgresRunner(url: string): SqlRunner {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async copyIn(table, columns, chunks) {
      const client = await pool.connect();
      try {
        await pipeline(Readable.from(chunks), client.query(copyFrom(copyStatement(table, columns, 'STDIN'))));
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function pgliteRunner(db: PGlite, owned: boolean): SqlRunner {
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async copyIn(table, columns, chunks) {
      // PGlite reads COPY input from a virtual /dev/blob file.
      for (const chunk of chunks) {
        await db.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([chunk]) });
      }
    },
    close: async () => {
      if (owned) await db.close();
    },
  };
}

/** One value in COPY text format. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return copyValue(`{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

/** Turns rows into COPY text chunks of `rowsPerChunk` lines. */
export function* copyChunks(rows: Iterable<unknown[]>, rowsPerChunk = 20_000): Generator<string> {
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(row.map(copyValue).join('\t'));
    if (lines.length >= rowsPerChunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}
