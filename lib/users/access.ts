/**
 * Who may manage whom, shared by the people writes: admins everyone; a manager the agents of their own
 * team. `lockTarget` takes a transaction-level advisory lock first, so changes to roles and activity run
 * one at a time (two admins demoting each other cannot both succeed) and reads the person FOR UPDATE.
 */
import 'server-only';
import { sql } from 'kysely';
import { ApiError } from '../platform/http/errors';
import type { Viewer } from '../platform/auth/viewer';
import type { db, DbTransaction } from '../platform/db/client';
import type { Role } from '../platform/db/generated/enums';
import { hasPassword, roleText } from './people';

export type Actor = Pick<Viewer, 'id' | 'role'>;

/** The team an account event concerns: an agent's manager, a manager's own; admins belong to none. */
export const teamOf = (person: { id: string; role: Role; managerId: string | null }) =>
  person.role === 'AGENT' ? person.managerId : person.role === 'MANAGER' ? person.id : null;

export const invalid = (path: string, message: string) =>
  new ApiError('unprocessable_entity', `Invalid body: ${path} ${message}`, { issues: [{ path, message }] });
export const notOnTeam = () => new ApiError('forbidden', 'That person is not on your team; ask an admin.');

const PEOPLE_LOCK = 0x63_70_70_6c; // 'cppl': changes to roles and activity, one at a time

export async function lockTarget(tx: DbTransaction, id: string) {
  // Selected FROM the function: its own result is void, which no driver reads back.
  await sql`SELECT true AS locked FROM pg_advisory_xact_lock(${PEOPLE_LOCK}::bigint)`.execute(tx.$kysely);
  return tx.$kysely
    .selectFrom('users as u')
    .select((eb) => ['u.id', 'u.email', 'u.name', roleText(eb).as('role'), 'u.manager_id', 'u.active', hasPassword(eb).as('has_password')])
    .where('u.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** A person as `lockTarget` read them. */
export type Target = NonNullable<Awaited<ReturnType<typeof lockTarget>>>;

export const onTeam = (viewer: Actor, target: Pick<Target, 'role' | 'manager_id'>) =>
  viewer.role === 'ADMIN' || (target.role === 'AGENT' && target.manager_id === viewer.id);

/** An active manager (who is not `self`), or 422 naming the field. */
export async function activeManager(
  client: DbTransaction | typeof db,
  managerId: string,
  self?: string,
): Promise<{ id: string; timezone: string }> {
  const manager = await client.user.findUnique({
    where: { id: managerId },
    select: { id: true, role: true, active: true, timezone: true },
  });
  if (!manager || manager.role !== 'MANAGER' || !manager.active || manager.id === self)
    throw invalid('managerId', 'is not an active manager');
  return manager;
}
