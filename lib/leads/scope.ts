/**
 * Whose leads a viewer may read and change — the one scope rule, used by
 * every query that touches a lead (queue and search, the lead page and its
 * API, reservations, call logging, the manager's table, bulk changes,
 * exports, imports):
 *   agent   — leads they own;
 *   manager — leads owned by an agent of their team (agents whose manager
 *             they are, active or not: a deactivated agent's leads are still
 *             the team's to reassign), and unassigned leads;
 *   admin   — every lead.
 * Do-not-call is not scoped: a number on the list is refused for everyone.
 */
import 'server-only';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Viewer } from '../platform/auth/viewer';
import { cached, cacheTags } from '../platform/cache';
import { db } from '../platform/db/client';
import { teamAgentsWhere } from '../users/team';

export type LeadScope = { kind: 'all' } | { kind: 'owners'; ownerIds: string[]; unassigned: boolean };

/**
 * The agents of a manager's team, deactivated ones included (their leads are still the team's), by id;
 * every agent for `null`, an admin's view.
 */
export const teamAgentIds = cached(
  'team.agents',
  async (managerId: string | null) => {
    // The team as lib/users/team.ts reads it: the manager's own, or an admin's (every agent).
    const team = managerId === null ? ({ id: '', role: 'ADMIN' } as const) : ({ id: managerId, role: 'MANAGER' } as const);
    const agents = await db.user.findMany({
      where: teamAgentsWhere(team, { includeInactive: true }),
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return agents.map((agent) => agent.id);
  },
  { tags: () => [cacheTags.team], revalidate: 300 },
);

export async function leadScope(viewer: Pick<Viewer, 'id' | 'role'>): Promise<LeadScope> {
  if (viewer.role === 'ADMIN') return { kind: 'all' };
  if (viewer.role === 'MANAGER') return { kind: 'owners', ownerIds: await teamAgentIds(viewer.id), unassigned: true };
  return { kind: 'owners', ownerIds: [viewer.id], unassigned: false };
}

/**
 * The scope as a Kysely condition on the leads table under `alias` (`.where(scopeCondition(scope))`):
 * one owner compares with `=`, a team with `= ANY(…)`.
 */
export function scopeCondition(scope: LeadScope, alias = 'l'): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`TRUE`;
  const owner = sql.ref(`${alias}.owner_id`);
  const owned =
    scope.ownerIds.length === 1
      ? sql<SqlBool>`${owner} = ${scope.ownerIds[0]}::uuid`
      : sql<SqlBool>`${owner} = ANY(${scope.ownerIds}::uuid[])`;
  return scope.unassigned ? sql<SqlBool>`(${owned} OR ${owner} IS NULL)` : owned;
}

/** Whether a lead with this owner is in scope (for a lead already read). */
export function inScope(scope: LeadScope, ownerId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return ownerId === null ? scope.unassigned : scope.ownerIds.includes(ownerId);
}
