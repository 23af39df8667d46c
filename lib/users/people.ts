/**
 * The people list: who they are, their role and manager, whether they are active, invited (no password
 * yet) or deactivated, and when they were last active (their latest session use or call). One query,
 * whatever the number of people: the per-person figures are correlated subqueries on indexed columns
 * (sessions.user_id, calls(agent_id, started_at), user_tokens(user_id, kind), users.manager_id).
 * Admins see everyone; a manager the agents of their team.
 */
import 'server-only';
import type { Viewer } from '../platform/auth/viewer';
import { db } from '../platform/db/client';
import { Prisma } from '../platform/db/generated/client';

export type PersonStatus = 'active' | 'invited' | 'deactivated';

export interface Person {
  id: string;
  email: string;
  name: string;
  role: 'AGENT' | 'MANAGER' | 'ADMIN';
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

interface Row {
  id: string; email: string; name: string; role: Person['role']; manager_id: string | null; manager_name: string | null; active: boolean;
  has_password: boolean; last_active_at: Date | null; invite_expires_at: Date | null; team_size: number; created_at: Date;
}

/** Whether a person has set a password (accepted their invitation). */
export const hasPassword = Prisma.sql`EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = u.id AND a.provider_id = 'credential')`;

const statusOf = (row: Pick<Row, 'active' | 'has_password'>): PersonStatus => (!row.active ? 'deactivated' : row.has_password ? 'active' : 'invited');

export async function listPeople(viewer: Pick<Viewer, 'id' | 'role'>, only?: string): Promise<Person[]> {
  const conditions: Prisma.Sql[] = [];
  if (viewer.role !== 'ADMIN') conditions.push(Prisma.sql`u.role = 'AGENT' AND u.manager_id = ${viewer.id}::uuid`);
  if (only) conditions.push(Prisma.sql`u.id = ${only}::uuid`);
  const where = conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
  const rows = await db.$queryRaw<Row[]>`
    SELECT u.id, u.email, u.name, u.role::text AS role, u.manager_id, m.name AS manager_name, u.active,
           ${hasPassword} AS has_password,
           GREATEST((SELECT max(s.updated_at) FROM sessions s WHERE s.user_id = u.id),
                    (SELECT max(c.started_at) FROM calls c WHERE c.agent_id = u.id)) AS last_active_at,
           (SELECT max(t.expires_at) FROM user_tokens t WHERE t.user_id = u.id AND t.kind = 'INVITE' AND t.used_at IS NULL AND t.expires_at > now()) AS invite_expires_at,
           (SELECT count(*)::int FROM users t WHERE t.manager_id = u.id) AS team_size,
           u.created_at
      FROM users u LEFT JOIN users m ON m.id = u.manager_id
     WHERE ${where}
     ORDER BY CASE u.role WHEN 'ADMIN' THEN 0 WHEN 'MANAGER' THEN 1 ELSE 2 END, m.name NULLS FIRST, u.name, u.id`;
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
    teamSize: row.team_size,
    createdAt: row.created_at.toISOString(),
  }));
}
