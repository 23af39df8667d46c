/**
 * Using the first admin's setup link (lib/users/setup.ts prints it). Two tabs, or two people, racing on
 * setup links cannot both create an admin: the transaction takes one advisory lock, then checks that no
 * active admin exists before it uses the token. When an admin already exists the token is left unused
 * (it can do nothing: every later attempt gets the same 409, and the next `npm start` prints none).
 */
import 'server-only';
import { sql } from 'kysely';
import { ApiError } from '../platform/http/errors';
import { recordAudit } from '../audit/record';
import { cacheTags, invalidate } from '../platform/cache';
import { db } from '../platform/db/client';
import { Prisma } from '../platform/db/generated/client';
import { consumeToken } from './tokens';
import { storePasswordHash } from './set-password';

export const hasActiveAdmin = async () => (await db.user.count({ where: { role: 'ADMIN', active: true } })) > 0;

export const ADMIN_EXISTS = 'Callpace already has an admin. Sign in, or ask your admin for an invitation.';

/** Creates the first admin from a setup token; `passwordHash` is hashed before (argon2 is slow; keep it out of the transaction). */
export async function createFirstAdmin(
  input: { token: string; name: string; email: string },
  passwordHash: string,
): Promise<{ id: string }> {
  try {
    const admin = await db.$transaction(async (tx) => {
      await sql`SELECT true AS locked FROM pg_advisory_xact_lock(hashtext('callpace:first-admin'))`.execute(tx.$kysely);
      if ((await tx.user.count({ where: { role: 'ADMIN', active: true } })) > 0) throw new ApiError('conflict', ADMIN_EXISTS);
      const used = await consumeToken(tx, input.token, ['SETUP']);
      if (!used.ok) throw setupLinkError(used.reason);
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw emailTaken();
      const admin = await tx.user.create({
        data: { email: input.email, name: input.name, role: 'ADMIN', emailVerified: true },
        select: { id: true },
      });
      await storePasswordHash(tx, admin.id, passwordHash);
      await recordAudit(tx, { actorId: admin.id, action: 'user.setup', subjectId: admin.id });
      return admin;
    });
    await invalidate(cacheTags.team, cacheTags.audit);
    return admin;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw emailTaken();
    throw error;
  }
}

const emailTaken = () => new ApiError('conflict', 'An account with this email already exists. Use another email address.');

export function setupLinkError(reason: 'used' | 'expired' | 'unknown'): ApiError {
  if (reason === 'unknown') return new ApiError('not_found', 'This setup link is not valid. Copy the whole link that `npm start` printed.');
  return new ApiError(
    'gone',
    `This setup link ${reason === 'used' ? 'was already used' : 'has expired'}. Restart Callpace (npm start) to print a new one, or ask whoever runs it.`,
  );
}
