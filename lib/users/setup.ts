/**
 * The first admin's setup link, printed by `npm start` while the database has no active admin. It runs
 * before the server does, on the operator command's SQL runner (the embedded PGlite is held by one process
 * at a time), so it is plain SQL here rather than Prisma; the link is then used through POST /api/setup
 * (lib/users/first-admin.ts), which reads it with lib/users/tokens like every other one-time link.
 */
import type { SqlRunner } from '../platform/db/sql';
import { hashToken, newToken, TOKEN_LIFETIME_MS } from './token-rules';

/**
 * A new setup token when there is no active admin (every earlier unused setup link stops working), else
 * null. One statement, so the check and the insert see the same snapshot. The caller prints
 * `${origin}/setup?token=${token}`; only the token's SHA-256 is stored.
 */
export async function issueSetupLinkIfNoAdmin(sql: SqlRunner): Promise<string | null> {
  const token = newToken();
  const tokenHash = hashToken(token);
  const rows = await sql.query<{ id: string }>(
    `WITH admin AS (SELECT 1 FROM users WHERE role = 'ADMIN' AND active LIMIT 1),
          retired AS (
            UPDATE user_tokens SET expires_at = now()
             WHERE kind = 'SETUP' AND used_at IS NULL AND expires_at > now() AND NOT EXISTS (SELECT 1 FROM admin)
          )
     INSERT INTO user_tokens (id, kind, token_hash, expires_at)
     SELECT gen_random_uuid(), 'SETUP'::"UserTokenKind", $1, $2
      WHERE NOT EXISTS (SELECT 1 FROM admin)
     RETURNING id`,
    [tokenHash, new Date(Date.now() + TOKEN_LIFETIME_MS.SETUP)],
  );
  return rows.length ? token : null;
}
