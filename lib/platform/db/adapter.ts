/**
 * The one place that decides which database Callpace talks to: PostgreSQL
 * through adapter-pg when DATABASE_URL is set, the embedded PGlite otherwise.
 */
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openPglite } from './pglite';

export type DatabaseTarget = { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `embedded PostgreSQL (PGlite) in ${target.dataDir}`;
  const url = new URL(target.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export function targetFromEnv(env: { DATABASE_URL?: string; DATABASE_POOL_SIZE: number; PGLITE_DATA_DIR: string }): DatabaseTarget {
  return env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
    : { kind: 'pglite', dataDir: env.PGLITE_DATA_DIR };
}

/**
 * Adapter factory for Prisma Client and the schema engine. For PGlite the
 * database opens on first connect, so importing this never touches the disk;
 * pass `pglite` to share an instance that is already open.
 */
export function createAdapterFactory(target: DatabaseTarget, pglite?: PGlite): SqlMigrationAwareDriverAdapterFactory {
  if (target.kind === 'postgres') {
    // JIT off for the app's sessions: its queries are short, and a cost estimate past jit_above_cost made
    // PostgreSQL spend 100-180 ms compiling a 10 ms report query (seen in EXPLAIN on the large seed).
    return new PrismaPg({ connectionString: target.url, max: target.poolSize, connectionTimeoutMillis: 5_000, options: '-c jit=off' });
  }
  let opened: Promise<PGlite> | undefined = pglite ? Promise.resolve(pglite) : undefined;
  const open = () => (opened ??= openPglite(target.dataDir));
  return {
    provider: 'postgres',
    adapterName: 'pglite',
    connect: async () => new PrismaPGlite(await open()).connect(),
    // The adapter's own shadow database lacks pg_trgm, which the migrations create.
    connectToShadowDb: async () => new PrismaPGlite(await openPglite('memory://')).connect(),
  };
}
