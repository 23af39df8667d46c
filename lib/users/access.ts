/**
 * Who may manage whom, shared by the people writes: admins everyone; a manager the agents of their own
 * team. `lockTarget` takes a transaction-level advisory lock first, so changes to roles and activity run
 * one at a time (two admins demoting each other cannot both succeed) and reads the person FOR UPDATE.
 */
import 'server-only';
import { ApiError } from '../platform/http/errors';
import type { Viewer } from '../platform/auth/viewer';
import type { db, DbTransaction } from '../platform/db/client';
import { hasPassword } from './people';

type Role = Viewer['role'];
export type Actor = Pick<Viewer, 'id' | 'role'>;

export interface Target { id: string; email: string; name: string; role: Role; manager_id: string | null; active: boolean; has_password: boolean }

/** The team an account event concerns: an agent's manager, a manager's own; admins belong to none. */
export const teamOf = (person: { id: string; role: Role; managerId: string | null }) =>
  person.role === 'AGENT' ? person.managerId : person.role === 'MANAGER' ? person.id : null;

export const invalid = (path: string, message: string) => new ApiError('unprocessable_entity', `Invalid body: ${path} ${message}`, { issues: [{ path, message }] });
export const notOnTeam = () => new ApiError('forbidden', 'That person is not on your team; ask an admin.');

const PEOPLE_LOCK = 0x63_70_70_6c; // 'cppl': changes to roles and activity, one at a time

export async function lockTarget(tx: DbTransaction, id: string): Promise<Target | undefined> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PEOPLE_LOCK}::bigint)`;
  const [row] = await tx.$queryRaw<Target[]>`
    SELECT u.id, u.email, u.name, u.role::text AS role, u.manager_id, u.active, ${hasPassword} AS has_password
      FROM users u WHERE u.id = ${id}::uuid FOR UPDATE`;
  return row;
}

export const onTeam = (viewer: Actor, target: Pick<Target, 'role' | 'manager_id'>) =>
  viewer.role === 'ADMIN' || (target.role === 'AGENT' && target.manager_id === viewer.id);

/** An active manager (who is not `self`), or 422 naming the field. */
export async function activeManager(client: DbTransaction | typeof db, managerId: string, self?: string): Promise<{ id: string; timezone: string }> {
  const manager = await client.user.findUnique({ where: { id: managerId }, select: { id: true, role: true, active: true, timezone: true } });
  if (!manager || manager.role !== 'MANAGER' || !manager.active || manager.id === self) throw invalid('managerId', 'is not an active manager');
  return manager;
}
