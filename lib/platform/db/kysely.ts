/**
 * Typed SQL on a Prisma client (prisma-extension-kysely): `client.$kysely`, and `tx.$kysely` inside its
 * transactions, over the client's own connection and adapter (PostgreSQL or PGlite), typed by `DB` —
 * generated from schema.prisma by prisma-kysely, so a renamed column fails the type check.
 */
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import kyselyExtension from 'prisma-extension-kysely';
import type { DB } from './generated/kysely';

/** `db.$kysely` (and `tx.$kysely` inside a transaction): typed SQL over the same connection, timed like every other query. */
export const typedSql = kyselyExtension({
  kysely: (driver) =>
    new Kysely<DB>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => driver,
        createIntrospector: (kysely) => new PostgresIntrospector(kysely),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    }),
});
