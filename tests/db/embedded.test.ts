import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdapterFactory } from '@/lib/platform/db/adapter';
import { sql } from 'kysely';
import { PrismaClient } from '@/lib/platform/db/generated/client';
import { typedSql } from '@/lib/platform/db/kysely';
import { applyMigrations } from '@/lib/platform/db/migrate';
import { seed } from '@/prisma/seed';
import { isEmpty, openDatabase } from '@/scripts/database';

const dataDir = mkdtempSync(path.join(tmpdir(), 'callpace-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('embedded database (PGlite)', () => {
  it('migrates, seeds, and serves Prisma Client queries including trigram search', async () => {
    const target = { kind: 'pglite' as const, dataDir };
    const db = await openDatabase(target);
    try {
      expect((await applyMigrations(db.factory)).length).toBeGreaterThan(0);
      expect(await isEmpty(db.sql)).toBe(true);
      await seed(db.sql, { scale: 'small' });
      expect(await isEmpty(db.sql)).toBe(false);
    } finally {
      await db.close();
    }

    // Reopen the folder the way the server does: data persisted, one client through the adapter.
    const prisma = new PrismaClient({ adapter: createAdapterFactory(target) });
    try {
      expect(await prisma.user.count({ where: { role: 'AGENT' } })).toBe(40);
      const agent = await prisma.user.findUniqueOrThrow({
        where: { email: 'agent1@callpace.test' },
        include: { _count: { select: { ownedLeads: true } } },
      });
      expect(agent._count.ownedLeads).toBeGreaterThan(0);
      // The trigram operator (pg_trgm) works in the embedded database too.
      const typed = prisma.$extends(typedSql);
      const match = await typed.$kysely
        .selectFrom('leads')
        .select(sql<number>`count(*)::int`.as('n'))
        .where((eb) => eb.or([eb('last_name', sql.raw('%'), 'Jonson'), eb('last_name', 'ilike', '%ohns%')]))
        .executeTakeFirstOrThrow();
      expect(match.n).toBeGreaterThan(0);
    } finally {
      await prisma.$disconnect();
    }
  });
});
