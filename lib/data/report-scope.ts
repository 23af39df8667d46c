/**
 * Whose calls a manager may see: their own team (agents reporting to them);
 * an admin sees every agent. An agent filter must be inside that scope.
 */
import 'server-only';
import { ApiError } from '../api/errors';
import type { Viewer } from '../auth/viewer';
import { db } from '../db/client';

export async function reportAgents(viewer: Viewer, agentId?: string): Promise<string[]> {
  const agents = await db.user.findMany({
    where: { role: 'AGENT', ...(viewer.role === 'ADMIN' ? {} : { managerId: viewer.id }) },
    select: { id: true },
  });
  const ids = agents.map((agent) => agent.id);
  if (!agentId) return ids;
  if (!ids.includes(agentId)) throw new ApiError('forbidden', 'That agent is not on your team.');
  return [agentId];
}
