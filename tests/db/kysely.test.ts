import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/platform/db/client';

const transactionId = async (kysely: typeof db.$kysely) =>
  (await sql<{ id: string }>`SELECT txid_current()::text AS id`.execute(kysely)).rows[0].id;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('typed SQL through Prisma (prisma-extension-kysely)', () => {
  it('runs a Kysely query on the app client and inside its transactions', async () => {
    const rows = await db.$kysely.selectFrom('users').select(['id', 'email']).limit(1).execute();
    expect(Array.isArray(rows)).toBe(true);
    const count = await db.$transaction(
      async (tx) =>
        (
          await tx.$kysely
            .selectFrom('leads')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
    );
    expect(Number(count)).toBeGreaterThanOrEqual(0);
  });

  it("keeps each transaction's tx.$kysely its own while transactions overlap", async () => {
    const seen = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        db.$transaction(async (tx) => {
          const first = await transactionId(tx.$kysely);
          await pause(30 - i * 5);
          const later = await transactionId(tx.$kysely);
          return { first, later };
        }),
      ),
    );
    for (const { first, later } of seen) expect(later).toBe(first);
    expect(new Set(seen.map((s) => s.first)).size).toBe(4);
  });
});
