/**
 * The one Prisma Client. The adapter (PostgreSQL or embedded PGlite) comes
 * from lib/platform/db/adapter; nobody else constructs a client. `db` times every
 * query (lib/platform/metrics/query-timing); the plain client underneath only writes
 * the slow-query log, so that logging never times itself.
 *
 * With DATABASE_REPLICA_URL set, `reportDb()` is a client on that replica
 * (@prisma/extension-read-replicas): the managers' reports read there, where
 * a second or two of replication lag is harmless. Everything an agent reads
 * back after a write (queue, lead, search) stays on the primary.
 */
import 'server-only';
import { readReplicas } from '@prisma/extension-read-replicas';
import { getEnv } from '../env';
import { recordQuery } from '../metrics/query-timing';
import { storeSlowQueriesWith } from '../metrics/slow-queries';
import { singleton } from '../runtime/singleton';
import { createAdapterFactory, targetFromEnv } from './adapter';
import { Prisma, PrismaClient } from './generated/client';
import { typedSql } from './kysely';

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

/**
 * The extension hands each transaction its Kysely by assigning `tx.$kysely`, on an object Prisma
 * shares between transactions: read after an await, it can be another transaction's. Each
 * transaction callback gets a view of its client whose `$kysely` is pinned when it starts.
 */
function withPinnedTransactionSql<C extends object>(client: C): C {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== '$transaction' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const [run, options] = args;
        if (typeof run !== 'function') return value.apply(target, args);
        return value.call(
          target,
          (tx: { $kysely: unknown }) => {
            const kysely = tx.$kysely;
            return run(new Proxy(tx, { get: (inner, key) => (key === '$kysely' ? kysely : Reflect.get(inner, key)) }));
          },
          options,
        );
      };
    },
  });
}

function createClients() {
  const env = getEnv();
  const base = new PrismaClient({ adapter: createAdapterFactory(targetFromEnv(env)) });
  const db = withPinnedTransactionSql(base.$extends(queryTiming).$extends(typedSql));
  const replica = env.DATABASE_REPLICA_URL
    ? new PrismaClient({
        adapter: createAdapterFactory({ kind: 'postgres', url: env.DATABASE_REPLICA_URL, poolSize: env.DATABASE_POOL_SIZE }),
      })
        .$extends(queryTiming)
        .$extends(typedSql)
    : null;
  // The extension's replica list is typed with the stock client; ours is generated into lib/platform/db/generated.
  const withReplica = replica ? withPinnedTransactionSql(db.$extends(readReplicas({ replicas: [replica as never] }))) : null;
  return { base, db, withReplica };
}

// One client per process, also across dev-server module reloads.
const clients = singleton('db-clients', createClients);

export const db = clients.db;

/** The client inside `db.$transaction(async (tx) => …)` (the extended client's, not Prisma.TransactionClient): what helpers that write within a caller's transaction take. */
export type DbTransaction = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** The client for report queries: the read replica when one is configured, else the primary. */
export function reportDb(): typeof db {
  return (clients.withReplica?.$replica() as typeof db | undefined) ?? clients.db;
}

storeSlowQueriesWith(async (rows) => {
  await clients.base.slowQuery.createMany({
    data: rows.map((row) => ({
      model: row.model,
      action: row.action,
      durationMs: row.durationMs,
      route: row.route,
      statement: row.statement,
      at: row.at,
    })),
  });
});
