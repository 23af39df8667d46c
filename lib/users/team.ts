/**
 * Who is in a manager's team — the one answer, for every list of agents:
 * the agents whose manager the viewer is (an admin: every agent). Inactive
 * agents are part of the team's history (their leads are still the team's to
 * reassign, their calls stay in reports) but are never offered for new work,
 * so each caller says which it wants.
 */
import 'server-only';
import type { ExpressionBuilder } from 'kysely';
import type { Viewer } from '../platform/auth/viewer';
import { db } from '../platform/db/client';
import type { DB } from '../platform/db/generated/kysely';

export interface TeamAgent {
  id: string;
  name: string;
  active: boolean;
}

export interface TeamOptions {
  /** Include deactivated agents (history, scope); default: active agents only (assignment, pickers). */
  includeInactive?: boolean;
}

/** The Prisma `where` for the viewer's team agents. */
export function teamAgentsWhere(viewer: Pick<Viewer, 'id' | 'role'>, { includeInactive = false }: TeamOptions = {}) {
  return {
    role: 'AGENT' as const,
    ...(viewer.role === 'ADMIN' ? {} : { managerId: viewer.id }),
    ...(includeInactive ? {} : { active: true }),
  };
}

/** The viewer's team agents by name. */
export async function getTeamAgents(viewer: Pick<Viewer, 'id' | 'role'>, options?: TeamOptions): Promise<TeamAgent[]> {
  return db.user.findMany({
    where: teamAgentsWhere(viewer, options),
    select: { id: true, name: true, active: true },
    orderBy: { name: 'asc' },
  });
}

/** The same rule in SQL, for a query over `users` as `u`: the person `u` is one of the viewer's team agents. */
export const inTeamOf =
  (viewer: Pick<Viewer, 'id' | 'role'>, options?: TeamOptions) => (eb: ExpressionBuilder<DB & { u: DB['users'] }, 'u'>) => {
    const team = teamAgentsWhere(viewer, options);
    return eb.and([
      eb('u.role', '=', team.role),
      ...(team.managerId !== undefined ? [eb('u.manager_id', '=', team.managerId)] : []),
      ...(team.active !== undefined ? [eb('u.active', '=', team.active)] : []),
    ]);
  };
