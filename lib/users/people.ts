/**
 * The people list: who they are, their role and manager, whether they are active, invited (no password
 * yet) or deactivated, and when they were last active (their latest session use or call). One query,
 * whatever the number of people: the per-person figures are correlated subqueries on indexed columns
 * (sessions.user_id, calls(agent_id, started_at), user_tokens(user_id, kind), users.manager_id).
 * Admins see everyone; a manager the agents of their team, by the one rule of lib/users/team.ts
 * (deactivated agents included: the list shows them as such).
 */
import 'server-only';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Viewer } from '../platform/auth/viewer';
import { db } from '../platform/db/client';
import type { Role } from '../platform/db/generated/enums';
import type { DB } from '../platform/db/generated/kysely';
import { inTeamOf } from './team';

export type PersonStatus = 'active' | 'invited' | 'deactivated';

export interface Person {
  id: string;
  email: string;
  name: string;
  role: Role;
  managerId: string | null;
  managerName: string | null;
  status: PersonStatus;
  lastActiveAt: string | null;
  /** When their unused invitation link stops working (invited people only; null once it has expired). */
  inviteExpiresAt: string | null;
  /** People whose manager they are (managers). */
  teamSize: number;
  createdAt: string;
}

/** A query over people, `users` as `u`. */
export type People = ExpressionBuilder<DB & { u: DB['users'] }, 'u'>;

/** Whether the person `u` has set a password (accepted their invitation). */
export const hasPassword = (eb: People) =>
  eb
    .exists(
      eb
        .selectFrom('accounts as a')
        .select(sql.lit(1).as('one'))
        .whereRef('a.user_id', '=', 'u.id')
        .where('a.provider_id', '=', 'credential'),
    )
    .$castTo<boolean>();

/** The role as text: it is compared and sorted as the enum, returned as its name. */
export const roleText = (eb: People) => eb.cast<Role>('u.role', 'text');

const statusOf = (row: { active: boolean; has_password: boolean }): PersonStatus =>
  !row.active ? 'deactivated' : row.has_password ? 'active' : 'invited';

export async function listPeople(viewer: Pick<Viewer, 'id' | 'role'>, only?: string): Promise<Person[]> {
  const rows = await db.$kysely
    .selectFrom('users as u')
    .leftJoin('users as m', 'm.id', 'u.manager_id')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.name',
      roleText(eb).as('role'),
      'u.manager_id',
      'm.name as manager_name',
      'u.active',
      hasPassword(eb).as('has_password'),
      eb
        .fn<Date | null>('greatest', [
          eb
            .selectFrom('sessions as s')
            .select((inner) => inner.fn.max('s.updated_at').as('at'))
            .whereRef('s.user_id', '=', 'u.id'),
          eb
            .selectFrom('calls as c')
            .select((inner) => inner.fn.max('c.started_at').as('at'))
            .whereRef('c.agent_id', '=', 'u.id'),
        ])
        .as('last_active_at'),
      eb
        .selectFrom('user_tokens as t')
        .select((inner) => inner.fn.max('t.expires_at').as('at'))
        .whereRef('t.user_id', '=', 'u.id')
        .where('t.kind', '=', 'INVITE')
        .where('t.used_at', 'is', null)
        .where('t.expires_at', '>', sql<Date>`now()`)
        .as('invite_expires_at'),
      eb
        .selectFrom('users as t')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('t.manager_id', '=', 'u.id')
        .as('team_size'),
      'u.created_at',
    ])
    .$if(viewer.role !== 'ADMIN', (qb) => qb.where(inTeamOf(viewer, { includeInactive: true })))
    .$if(!!only, (qb) => qb.where('u.id', '=', only!))
    .orderBy(sql`CASE u.role WHEN 'ADMIN' THEN 0 WHEN 'MANAGER' THEN 1 ELSE 2 END`)
    .orderBy('m.name', (order) => order.asc().nullsFirst())
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    managerId: row.manager_id,
    managerName: row.manager_name,
    status: statusOf(row),
    lastActiveAt: row.last_active_at?.toISOString() ?? null,
    inviteExpiresAt: statusOf(row) === 'invited' ? (row.invite_expires_at?.toISOString() ?? null) : null,
    teamSize: row.team_size ?? 0,
    createdAt: row.created_at.toISOString(),
  }));
}
