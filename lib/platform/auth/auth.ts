/**
 * Sign-in with better-auth: email + password only (accounts are created by
 * admins and imports, so self sign-up is off), argon2id hashes, httpOnly
 * SameSite=Lax session cookies, sessions that expire after SESSION_HOURS and
 * slide while in use. Built lazily so `next build` never touches the database.
 */
import { betterAuth } from 'better-auth';
import { APIError } from 'better-auth/api';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { CLIENT_ADDRESS_HEADER } from '../http/client-address';
import { ownOrigins } from '../http/origin';
import { db } from '../db/client';
import { getEnv } from '../env';
import { singleton } from '../runtime/singleton';
import { hashPassword, verifyPassword } from './password';

function createAuth() {
  const env = getEnv();
  return betterAuth({
    appName: 'Callpace',
    baseURL: env.APP_URL,
    secret: env.AUTH_SECRET,
    // Same rule as every other write (lib/platform/http/origin): the app's own origin as the request reached it.
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
        active: { type: 'boolean', input: false },
      },
    },
    // A deactivated person's password still verifies; no session is made for them, and they are told
    // exactly what a wrong password is told (nothing says the account exists).
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { active: true } });
            if (!user?.active)
              throw new APIError('UNAUTHORIZED', { message: 'Invalid email or password', code: 'INVALID_EMAIL_OR_PASSWORD' });
          },
        },
      },
    },
    session: {
      expiresIn: env.SESSION_HOURS * 3600,
      updateAge: 3600,
      // No signed session copy in a cookie: it would keep a signed-out or deactivated session working for its
      // lifetime. lib/platform/auth/viewer memoizes verified sessions for a second instead.
      cookieCache: { enabled: false },
    },
    // Sign-in attempts are limited by lib/platform/auth/sign-in-limit (shared through Redis).
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'callpace',
      database: { generateId: 'uuid' },
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      // The address the app's own server established (lib/platform/http/client-address), never a client's header.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;

export function getAuth(): Auth {
  return singleton('auth', createAuth);
}
