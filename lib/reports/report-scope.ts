/**
 * Whose calls a manager may see: their own team (agents reporting to them);
 * an admin sees every agent. An agent filter must be inside that scope.
 */
import 'server-only';
import { ApiError } from '../platform/http/errors';
import type { Viewer } from '../platform/auth/viewer';
import { teamAgentIds } from '../leads/scope';

export async function reportAgents(viewer: Pick<Viewer, 'id' | 'role'>, agentId?: string): Promise<string[]> {
  const ids = await teamAgentIds(viewer.role === 'ADMIN' ? null : viewer.id);
  if (!agentId) return ids;
  if (!ids.includes(agentId)) throw new ApiError('forbidden', 'That agent is not on your team.');
  return [agentId];
}
