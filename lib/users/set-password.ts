/**
 * Setting a person's password: the argon2id hash on their credential account (better-auth's
 * `credential` provider, account id = user id), created when they have none yet (an invitation).
 */
import 'server-only';
import { hashPassword } from '../platform/auth/password';
import type { DbTransaction } from '../platform/db/client';

/** Hash before opening the transaction (argon2 takes ~50 ms of CPU): pass the result here. */
export async function storePasswordHash(tx: DbTransaction, userId: string, hash: string): Promise<void> {
  const updated = await tx.account.updateMany({ where: { userId, providerId: 'credential' }, data: { password: hash } });
  if (updated.count === 0) await tx.account.create({ data: { userId, providerId: 'credential', accountId: userId, password: hash } });
}

export { hashPassword };
