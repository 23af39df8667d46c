/**
 * The one Prisma Client. The adapter (PostgreSQL or embedded PGlite) comes
 * from lib/db/adapter; nobody else constructs a client. `db` times every
 * query (lib/metrics/query-timing); the plain client underneath only writes
 * the slow-query log, so that logging never times itself.
 */
import { getEnv } from '../env';
import type { SlowQueryRow } from '../metrics/slow-queries';
import { recordQuery } from '../metrics/query-timing';
import { createAdapterFactory, targetFromEnv } from './adapter';
import { Prisma, PrismaClient } from './generated/client';

const queryTiming = Prisma.defineExtension({
  name: 'query-timing',
  query: {
    async $allOperations({ model, operation, args, query }) {
      const started = performance.now();
      try {
        return await query(args);
      } finally {
        recordQuery(model, operation, args, performance.now() - started);
      }
    },
  },
});

function createClients() {
  const base = new PrismaClient({ adapter: createAdapterFactory(targetFromEnv(getEnv())) });
  return { base, db: base.$extends(queryTiming) };
}

// One client per process, also across dev-server module reloads.
const globalForDb = globalThis as unknown as { callpaceDbClients?: ReturnType<typeof createClients> };
const clients = (globalForDb.callpaceDbClients ??= createClients());

export const db = clients.db;

export async function storeSlowQueries(rows: SlowQueryRow[]): Promise<void> {
  await clients.base.slowQuery.createMany({
    data: rows.map((row) => ({ model: row.model, action: row.action, durationMs: row.durationMs, route: row.route, statement: row.statement, at: row.at })),
  });
}
