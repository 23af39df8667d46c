import { describe, expect, it } from 'vitest';
import { db } from '@/lib/platform/db/client';

describe('typed SQL through Prisma (prisma-extension-kysely)', () => {
  it('runs a Kysely query on the app client and inside its transactions', async () => {
    const rows = await db.$kysely.selectFrom('users').select(['id', 'email']).limit(1).execute();
    expect(Array.isArray(rows)).toBe(true);
    const inTx = await db.$transaction(async (tx) => (await tx.$kysely.selectFrom('leads').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(Number(inTx)).toBeGreaterThanOrEqual(0);
  });
});
