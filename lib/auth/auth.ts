/**
 * Sign-in with better-auth: email + password only (accounts are created by
 * admins and imports, so self sign-up is off), argon2id hashes, httpOnly
 * SameSite=Lax session cookies, sessions that expire after SESSION_HOURS and
 * slide while in use. Built lazily so `next build` never touches the database.
 */
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { ownOrigins } from '../api/origin';
import { db } from '../db/client';
import { getEnv } from '../env';
import { hashPassword, verifyPassword } from './password';

function createAuth() {
  const env = getEnv();
  return betterAuth({
    appName: 'Callpace',
    baseURL: env.APP_URL,
    secret: env.AUTH_SECRET,
    // Same rule as every other write (lib/api/origin): the app's own origin as the request reached it.
    trustedOrigins: (request) => (request ? ownOrigins(request) : env.APP_URL ? [env.APP_URL] : []),
    database: prismaAdapter(db, { provider: 'postgresql' }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    user: {
      additionalFields: {
        role: { type: 'string', input: false },
        timezone: { type: 'string', input: false },
        // Read with every session so a deactivated user is refused (lib/auth/viewer).
        active: { type: 'boolean', input: false },
      },
    },
    session: {
      expiresIn: env.SESSION_HOURS * 3600,
      updateAge: 3600,
      // No signed cookie cache: it could not be revoked. lib/auth/viewer memoizes
      // verified sessions for a second instead, evicted on every instance on revocation.
      cookieCache: { enabled: false },
    },
    // Failed sign-ins are limited by lib/auth/sign-in-limiter (shared through Redis).
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'callpace',
      database: { generateId: 'uuid' },
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { callpaceAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.callpaceAuth ??= createAuth();
  return globalForAuth.callpaceAuth;
}
