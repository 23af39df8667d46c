/**
 * How one-time links are made, for the app (lib/users/tokens) and the operator commands that run before
 * it (npm start's setup link, npm run user): 32 random bytes as base64url, stored as their SHA-256 only.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { UserTokenKind } from '../platform/db/generated/enums';

export const TOKEN_LIFETIME_MS: Record<UserTokenKind, number> = {
  SETUP: 24 * 3600_000,
  INVITE: 7 * 24 * 3600_000,
  RESET: 3600_000,
};

export const newToken = () => randomBytes(32).toString('base64url');

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Tokens are base64url of 32 bytes: anything else is not one (and never reaches a query). */
export const looksLikeToken = (token: unknown): token is string => typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
