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
import type { Viewer } from '../platform/auth/viewer';
import { cached, cacheTags } from '../platform/cache';
import { db } from '../platform/db/client';
import { Prisma } from '../platform/db/generated/client';

export type LeadScope = { kind: 'all' } | { kind: 'owners'; ownerIds: string[]; unassigned: boolean };

/** The agents of a manager's team (every agent for `null`, an admin's view). */
export const teamAgentIds = cached(
  'team.agents',
  async (managerId: string | null) =>
    (await db.user.findMany({ where: { role: 'AGENT', ...(managerId ? { managerId } : {}) }, select: { id: true }, orderBy: { id: 'asc' } })).map((agent) => agent.id),
  { tags: () => [cacheTags.team], revalidate: 300 },
);

export async function leadScope(viewer: Pick<Viewer, 'id' | 'role'>): Promise<LeadScope> {
  if (viewer.role === 'ADMIN') return { kind: 'all' };
  if (viewer.role === 'MANAGER') return { kind: 'owners', ownerIds: await teamAgentIds(viewer.id), unassigned: true };
  return { kind: 'owners', ownerIds: [viewer.id], unassigned: false };
}

/** The scope as a condition on the leads table under `alias`. */
export function scopeCondition(scope: LeadScope, alias = 'l'): Prisma.Sql {
  if (scope.kind === 'all') return Prisma.sql`TRUE`;
  const owner = Prisma.raw(`${alias}.owner_id`);
  const owned = scope.ownerIds.length === 1 ? Prisma.sql`${owner} = ${scope.ownerIds[0]}::uuid` : Prisma.sql`${owner} = ANY(${scope.ownerIds}::uuid[])`;
  return scope.unassigned ? Prisma.sql`(${owned} OR ${owner} IS NULL)` : owned;
}

/** Whether a lead with this owner is in scope (for a lead already read). */
export function inScope(scope: LeadScope, ownerId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return ownerId === null ? scope.unassigned : scope.ownerIds.includes(ownerId);
}
