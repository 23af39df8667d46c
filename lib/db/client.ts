/**
 * The one Prisma Client. The adapter (PostgreSQL or embedded PGlite) comes
 * from lib/db/adapter; nobody else constructs a client.
 */
import { getEnv } from '../env';
import { createAdapterFactory, targetFromEnv } from './adapter';
import { PrismaClient } from './generated/client';

function createClient() {
  return new PrismaClient({ adapter: createAdapterFactory(targetFromEnv(getEnv())) });
}

// One client per process, also across dev-server module reloads.
const globalForDb = globalThis as unknown as { callpaceDb?: ReturnType<typeof createClient> };

export const db = (globalForDb.callpaceDb ??= createClient());
