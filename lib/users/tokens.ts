/**
 * One-time links (first-admin setup, invitations, password resets). A token
 * is 32 random bytes shown once; only its SHA-256 is stored. Using a token
 * is one conditional UPDATE (unused and unexpired), so two tabs racing on
 * the same link cannot both succeed.
 */
import 'server-only';
import { ownOrigins } from '../platform/http/origin';
import { db, type DbTransaction } from '../platform/db/client';
import { getEnv } from '../platform/env';
import { hashToken, looksLikeToken, newToken, TOKEN_LIFETIME_MS } from './token-rules';
import type { UserTokenKind } from '../platform/db/generated/enums';

const PATHS: Record<UserTokenKind, (token: string) => string> = {
  SETUP: (token) => `/setup?token=${token}`,
  INVITE: (token) => `/invite/${token}`,
  RESET: (token) => `/reset/${token}`,
};

export { hashToken, looksLikeToken, TOKEN_LIFETIME_MS };

type Client = DbTransaction | typeof db;

/**
 * Issues a link for `userId` (none for SETUP); earlier unused links of the same kind for the same person
 * stop working, so only the newest link a person was given is valid. Returns the path to append to the origin.
 */
export async function issueToken(
  kind: UserTokenKind,
  userId: string | null,
  createdById: string | null,
  client: Client = db,
): Promise<{ token: string; path: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_MS[kind]);
  await client.userToken.updateMany({ where: { kind, userId, usedAt: null }, data: { expiresAt: new Date() } });
  await client.userToken.create({ data: { kind, tokenHash: hashToken(token), userId, createdById, expiresAt } });
  return { token, path: PATHS[kind](token), expiresAt };
}

export type TokenState =
  | { state: 'valid'; kind: UserTokenKind; userId: string | null; createdById: string | null; expiresAt: Date }
  | { state: 'used' | 'expired'; kind: UserTokenKind; userId: string | null; createdById: string | null }
  | { state: 'unknown' };

/** What a link is, for the page that opens it (no side effect). */
export async function inspectToken(token: unknown, kinds: UserTokenKind[]): Promise<TokenState> {
  if (!looksLikeToken(token)) return { state: 'unknown' };
  const row = await db.userToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || !kinds.includes(row.kind)) return { state: 'unknown' };
  if (row.usedAt) return { state: 'used', kind: row.kind, userId: row.userId, createdById: row.createdById };
  if (row.expiresAt.getTime() <= Date.now()) return { state: 'expired', kind: row.kind, userId: row.userId, createdById: row.createdById };
  return { state: 'valid', kind: row.kind, userId: row.userId, createdById: row.createdById, expiresAt: row.expiresAt };
}

/**
 * Uses a token inside the caller's transaction: marks it used if it is of one of `kinds`, unused and
 * unexpired, and returns it; otherwise returns why not (the caller answers 410 or 404 and writes nothing).
 */
export async function consumeToken(
  tx: DbTransaction,
  token: unknown,
  kinds: UserTokenKind[],
): Promise<
  | { ok: true; kind: UserTokenKind; userId: string | null; createdById: string | null }
  | { ok: false; reason: 'used' | 'expired' | 'unknown' }
> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'unknown' };
  const tokenHash = hashToken(token);
  const used = await tx.userToken.updateManyAndReturn({
    where: { tokenHash, kind: { in: kinds }, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
    select: { kind: true, userId: true, createdById: true },
  });
  if (used[0]) return { ok: true, ...used[0] };
  const row = await tx.userToken.findUnique({ where: { tokenHash }, select: { kind: true, usedAt: true } });
  if (!row || !kinds.includes(row.kind)) return { ok: false, reason: 'unknown' };
  return { ok: false, reason: row.usedAt ? 'used' : 'expired' };
}

/**
 * The link to show and mail: APP_URL when set (always set it in production, so a link never depends on the
 * Host a request was sent to), else the origin the admin's own request reached.
 */
export function publicLink(request: Request | null, path: string): string {
  const appUrl = getEnv().APP_URL;
  const origin = appUrl ? new URL(appUrl).origin : request ? ownOrigins(request).at(-1)! : `http://localhost:${getEnv().PORT}`;
  return `${origin}${path}`;
}
