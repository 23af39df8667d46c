/**
 * Changing a person: name, role and manager, deactivation (signed out everywhere, reservations released,
 * open leads reassigned as asked) and reactivation, each audited, in one transaction. A manager changes
 * the agents of their own team only, and only as agents of that team; nobody changes their own role or
 * deactivates themselves; the last admin who can sign in stays one.
 */
import 'server-only';
import { sql } from 'kysely';
import { ApiError } from '../platform/http/errors';
import { recordAudit } from '../audit/record';
import { publishSessionEvent, type Viewer } from '../platform/auth/viewer';
import { cacheTags, invalidate } from '../platform/cache';
import { db, type DbTransaction } from '../platform/db/client';
import type { Reassign, UserChange } from './users-schema';
import { activeManager, invalid, lockTarget, notOnTeam, onTeam, teamOf, type Actor, type Target } from './access';
import { announceDeactivation, deactivateWithin, reactivateWithin } from './deactivate';
import { hasPassword } from './people';
import { inTeamOf } from './team';
import { reassignOpenLeads } from './reassign-leads';

type Tx = DbTransaction;

/** Refuses a change that would leave no active admin who can sign in (the person changed not counted). */
async function keepAnAdmin(tx: Tx, leaving: string, what: string): Promise<void> {
  const { n } = await tx.$kysely
    .selectFrom('users as u')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('u.role', '=', 'ADMIN')
    .where('u.active', '=', true)
    .where('u.id', '<>', leaving)
    .where(hasPassword)
    .executeTakeFirstOrThrow();
  if (n === 0) throw new ApiError('conflict', `This is the last active admin: make someone else an admin before you ${what} them.`);
}

/** The agents a departing person's open leads go to (none: unassigned), checked against the viewer's scope. */
async function reassignTargets(tx: Tx, viewer: Actor, target: Target, reassign: Reassign): Promise<string[]> {
  if (reassign.to === 'unassigned') return [];
  if (reassign.to === 'agent') {
    if (reassign.agentId === target.id) throw invalid('reassign.agentId', 'must be someone other than the person leaving');
    const agent = await tx.user.findUnique({ where: { id: reassign.agentId }, select: { role: true, active: true, managerId: true } });
    if (!agent || agent.role !== 'AGENT' || !agent.active) throw invalid('reassign.agentId', 'is not an active agent');
    if (viewer.role !== 'ADMIN' && agent.managerId !== viewer.id) throw new ApiError('forbidden', 'That agent is not on your team.');
    return [reassign.agentId];
  }
  if (target.role !== 'AGENT' || !target.manager_id)
    throw invalid('reassign.to', 'round_robin shares leads within an agent’s team; choose an agent or unassigned');
  // Their team's other active agents who can sign in (lib/users/team.ts's rule, as the manager sees it).
  const rows = await tx.$kysely
    .selectFrom('users as u')
    .select('u.id')
    .where(inTeamOf({ id: target.manager_id, role: 'MANAGER' }))
    .where('u.id', '<>', target.id)
    .where(hasPassword)
    .orderBy('u.id')
    .execute();
  if (rows.length === 0)
    throw new ApiError('conflict', 'Nobody else on their team is active to take their leads: choose an agent or unassigned.');
  return rows.map((row) => row.id);
}

export interface UserChangeResult {
  changed: string[];
  sessionsEnded?: number;
  releasedReservations?: number;
  reassignedLeads?: number;
}

/** Applies a PATCH: name, role, manager, activity (with the reassignment), each audited, in one transaction. */
export async function updateUser(viewer: Viewer, userId: string, change: UserChange): Promise<UserChangeResult> {
  let deactivated = false;
  let newOwners: string[] = [];
  const result = await db.$transaction(async (tx): Promise<UserChangeResult> => {
    const target = await lockTarget(tx, userId);
    if (!target) throw new ApiError('not_found', 'No such person.');
    const self = target.id === viewer.id;
    if (self && change.role !== undefined && change.role !== target.role)
      throw new ApiError('conflict', 'You cannot change your own role; ask another admin.');
    if (self && change.active === false) throw new ApiError('conflict', 'You cannot deactivate yourself; ask another admin.');
    if (!onTeam(viewer, target)) throw notOnTeam();

    const role = change.role ?? target.role;
    if (viewer.role !== 'ADMIN' && role !== 'AGENT')
      throw new ApiError('forbidden', 'Managers cannot make managers or admins; ask an admin.');
    if (role !== 'AGENT' && change.managerId) throw invalid('managerId', 'is only for agents (managers and admins have no manager)');
    const managerId = role === 'AGENT' ? (change.managerId !== undefined ? change.managerId : target.manager_id) : null;
    if (role === 'AGENT' && !managerId) throw invalid('managerId', 'is required for an agent: choose their manager');
    if (viewer.role !== 'ADMIN' && managerId !== viewer.id)
      throw new ApiError('forbidden', 'Only an admin can move an agent to another team.');
    if (managerId && managerId !== target.manager_id) await activeManager(tx, managerId, target.id);

    if (target.role === 'MANAGER' && role !== 'MANAGER') {
      const agents = await tx.user.count({ where: { managerId: target.id } });
      if (agents > 0)
        throw new ApiError(
          'conflict',
          `This manager still has ${agents} agent${agents === 1 ? '' : 's'}: move them to another manager first.`,
          { agents },
        );
    }
    if (change.active === false && target.active && target.role === 'MANAGER') {
      const agents = await tx.user.count({ where: { managerId: target.id, active: true } });
      if (agents > 0)
        throw new ApiError(
          'conflict',
          `This manager still has ${agents} active agent${agents === 1 ? '' : 's'}: move them to another manager first.`,
          { agents },
        );
    }
    if (target.role === 'ADMIN' && target.active && role !== 'ADMIN') await keepAnAdmin(tx, target.id, 'demote');
    if (target.role === 'ADMIN' && target.active && change.active === false) await keepAnAdmin(tx, target.id, 'deactivate');

    const changed: string[] = [];
    const teamId = teamOf({ id: target.id, role, managerId });
    const audit = (
      action: 'user.name' | 'user.role' | 'user.manager' | 'user.deactivate' | 'user.reactivate',
      detail: Record<string, unknown>,
    ) => recordAudit(tx, { actorId: viewer.id, action, subjectId: target.id, teamId, detail });

    const name = change.name !== undefined && change.name !== target.name ? change.name : undefined;
    if (name !== undefined || role !== target.role || managerId !== target.manager_id) {
      await tx.user.update({ where: { id: target.id }, data: { ...(name !== undefined ? { name } : {}), role, managerId } });
    }
    if (name !== undefined) {
      await audit('user.name', { from: target.name, to: name });
      changed.push('name');
    }
    if (role !== target.role) {
      await audit('user.role', { from: target.role, to: role });
      changed.push('role');
    }
    if (managerId !== target.manager_id) {
      await audit('user.manager', { from: target.manager_id, to: managerId });
      changed.push('manager');
    }

    const outcome: UserChangeResult = { changed };
    if (change.active === true && !target.active) {
      await reactivateWithin(tx, target.id);
      await audit('user.reactivate', {});
      changed.push('active');
    }
    if (change.active === false) {
      const released = target.active ? await deactivateWithin(tx, target.id) : null;
      if (change.reassign) {
        newOwners = await reassignTargets(tx, viewer, target, change.reassign);
        const { moved } = await reassignOpenLeads(tx, {
          actorId: viewer.id,
          fromId: target.id,
          teamId,
          toIds: newOwners,
          mode: change.reassign.to,
        });
        outcome.reassignedLeads = moved;
      }
      if (released) {
        await audit('user.deactivate', {
          reassign: change.reassign ?? { to: 'kept' },
          ...(change.reassign?.to === 'round_robin' ? { agentIds: newOwners } : {}),
          reassignedLeads: outcome.reassignedLeads ?? 0,
          sessions: released.sessions,
          releasedReservations: released.releasedLeads,
        });
        Object.assign(outcome, { sessionsEnded: released.sessions, releasedReservations: released.releasedLeads });
        changed.push('active');
        deactivated = true;
      }
    }
    return outcome;
  });
  if (deactivated) await announceDeactivation(userId, newOwners);
  else if (result.changed.length || result.reassignedLeads) {
    // A new role applies at once: every instance drops its memo of the person's sessions (the event only evicts).
    if (result.changed.includes('role')) await publishSessionEvent(`user deactivated ${userId}`);
    await invalidate(
      cacheTags.team,
      cacheTags.audit,
      cacheTags.teamLeads,
      cacheTags.allLeads,
      cacheTags.queue(userId),
      ...newOwners.map(cacheTags.queue),
    );
  }
  return result;
}
