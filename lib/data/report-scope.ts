/**
 * Whose calls a manager may see: their own team (agents reporting to them);
 * an admin sees every agent. An agent filter must be inside that scope.
 */
import 'server-only';
import { ApiError } from '../api/errors';
import type { Viewer } from '../auth/viewer';
import { cached, cacheTags } from '../cache';
import { db } from '../db/client';

const teamOf = cached(
  'report.team',
  async (managerId: string | null) =>
    (await db.user.findMany({ where: { role: 'AGENT', ...(managerId ? { managerId } : {}) }, select: { id: true } })).map((agent) => agent.id),
  { tags: () => [cacheTags.team], revalidate: 300 },
);

export async function reportAgents(viewer: Pick<Viewer, 'id' | 'role'>, agentId?: string): Promise<string[]> {
  const ids = await teamOf(viewer.role === 'ADMIN' ? null : viewer.id);
  if (!agentId) return ids;
  if (!ids.includes(agentId)) throw new ApiError('forbidden', 'That agent is not on your team.');
  return [agentId];
}
