/** Opening the configured database for operator commands, sharing one PGlite between the schema engine and raw SQL. */
import { createAdapterFactory, describeTarget, type DatabaseTarget } from '../lib/platform/db/adapter';
import { openPglite } from '../lib/platform/db/pglite';
import { openSqlRunner, type SqlRunner } from '../lib/platform/db/sql';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export interface OpenDatabase {
  target: DatabaseTarget;
  label: string;
  factory: SqlMigrationAwareDriverAdapterFactory;
  sql: SqlRunner;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  const pglite = target.kind === 'pglite' ? await openPglite(target.dataDir) : undefined;
  const sql = await openSqlRunner(target, pglite);
  try {
    await sql.query('SELECT 1');
  } catch (error) {
    await sql.close().catch(() => {});
    throw new Error(`cannot reach ${describeTarget(target)}: ${(error as Error).message}`);
  }
  return {
    target,
    label: describeTarget(target),
    factory: createAdapterFactory(target, pglite),
    sql,
    async close() {
      await sql.close();
      await pglite?.close();
    },
  };
}

export async function isEmpty(sql: SqlRunner): Promise<boolean> {
  const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return row.n === 0;
}

/** Drops every object in the public schema (and the migrations table), keeping the database itself. */
export async function dropSchema(sql: SqlRunner): Promise<void> {
  await sql.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
}
