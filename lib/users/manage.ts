/**
 * Managing people: inviting, changing name, role and manager, deactivating (with the open leads'
 * reassignment) and reactivating, and issuing a new one-time link. Admins manage everyone; a manager
 * the agents of their own team, and only as agents of that team. Every change is one transaction with
 * its audit rows. Changes that could leave no admin take a transaction-level advisory lock first, so
 * two admins demoting each other cannot both succeed.
 */
import 'server-only';
import { ApiError } from '../api/errors';
import { recordAudit } from '../audit/record';
import { publishSessionEvent, type Viewer } from '../auth/viewer';
import { cacheTags, invalidate } from '../cache';
import { db, type DbTransaction } from '../db/client';
import { Prisma } from '../db/generated/client';
import type { Reassign, UserChange, UserInvite } from '../validations/users';
import { announceDeactivation, deactivateWithin, reactivateWithin } from './deactivate';
import { hasPassword } from './people';
import { reassignOpenLeads } from './reassign-leads';
import { issueToken } from './tokens';

type Tx = DbTransaction;
type Role = Viewer['role'];
type Actor = Pick<Viewer, 'id' | 'role'>;

interface Target { id: string; email: string; name: string; role: Role; manager_id: string | null; active: boolean; has_password: boolean }

/** The team an account event concerns: an agent's manager, a manager's own; admins belong to none. */
export const teamOf = (person: { id: string; role: Role; managerId: string | null }) =>
  person.role === 'AGENT' ? person.managerId : person.role === 'MANAGER' ? person.id : null;

const invalid = (path: string, message: string) => new ApiError('unprocessable_entity', `Invalid body: ${path} ${message}`, { issues: [{ path, message }] });
const notOnTeam = () => new ApiError('forbidden', 'That person is not on your team; ask an admin.');

const PEOPLE_LOCK = 0x63_70_70_6c; // 'cppl': changes to roles and activity, one at a time

async function lockTarget(tx: Tx, id: string): Promise<Target | undefined> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PEOPLE_LOCK}::bigint)`;
  const [row] = await tx.$queryRaw<Target[]>`
    SELECT u.id, u.email, u.name, u.role::text AS role, u.manager_id, u.active, ${hasPassword} AS has_password
      FROM users u WHERE u.id = ${id}::uuid FOR UPDATE`;
  return row;
}

const onTeam = (viewer: Actor, target: Pick<Target, 'role' | 'manager_id'>) =>
  viewer.role === 'ADMIN' || (target.role === 'AGENT' && target.manager_id === viewer.id);

/** An active manager (who is not `self`), or 422 naming the field. */
async function activeManager(client: Tx | typeof db, managerId: string, self?: string): Promise<{ id: string; timezone: string }> {
  const manager = await client.user.findUnique({ where: { id: managerId }, select: { id: true, role: true, active: true, timezone: true } });
  if (!manager || manager.role !== 'MANAGER' || !manager.active || manager.id === self) throw invalid('managerId', 'is not an active manager');
  return manager;
}

/** Refuses a change that would leave no active admin who can sign in (the person changed not counted). */
async function keepAnAdmin(tx: Tx, leaving: string, what: string): Promise<void> {
  const [{ n }] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM users u WHERE u.role = 'ADMIN' AND u.active AND u.id <> ${leaving}::uuid AND ${hasPassword}`;
  if (n === 0) throw new ApiError('conflict', `This is the last active admin: make someone else an admin before you ${what} them.`);
}

/** Where an agent's team goes for an invitation: a manager invites to their own team only. */
async function invitedTeam(viewer: Actor, input: UserInvite): Promise<{ managerId: string | null; timezone?: string }> {
  if (viewer.role === 'MANAGER') {
    if (input.role !== 'AGENT') throw new ApiError('forbidden', 'Managers can invite agents only; ask an admin to invite a manager or an admin.');
    if (input.managerId && input.managerId !== viewer.id) throw new ApiError('forbidden', 'You can invite agents to your own team only.');
    return { managerId: viewer.id, timezone: (await activeManager(db, viewer.id)).timezone };
  }
  if (input.role !== 'AGENT') {
    if (input.managerId) throw invalid('managerId', 'is only for agents (managers and admins have no manager)');
    return { managerId: null };
  }
  if (!input.managerId) throw invalid('managerId', 'is required for an agent: choose their manager');
  const manager = await activeManager(db, input.managerId);
  return { managerId: manager.id, timezone: manager.timezone };
}

async function refuseTaken(email: string): Promise<void> {
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, active: true, accounts: { where: { providerId: 'credential' }, select: { id: true } } } });
  if (!existing) return;
  if (existing.active && existing.accounts.length === 0) {
    throw new ApiError('conflict', 'This person was already invited and has not accepted yet: use “New link” on their row (POST /api/users/<id>/password-reset) to send a fresh invitation.', { userId: existing.id });
  }
  throw new ApiError('conflict', 'Someone with this email already has an account.', { userId: existing.id });
}

/** Creates the person (no password: invited until they accept) and their invitation link. */
export async function inviteUser(viewer: Viewer, input: UserInvite): Promise<{ id: string; path: string; expiresAt: Date }> {
  const team = await invitedTeam(viewer, input);
  await refuseTaken(input.email);
  try {
    const result = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, managerId: team.managerId, ...(team.timezone ? { timezone: team.timezone } : {}) },
        select: { id: true },
      });
      const link = await issueToken('INVITE', user.id, viewer.id, tx);
      await recordAudit(tx, {
        actorId: viewer.id, action: 'user.invite', subjectId: user.id, teamId: teamOf({ id: user.id, role: input.role, managerId: team.managerId }),
        detail: { role: input.role, managerId: team.managerId },
      });
      return { id: user.id, path: link.path, expiresAt: link.expiresAt };
    });
    await invalidate(cacheTags.team, cacheTags.audit);
    return result;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ApiError('conflict', 'Someone with this email already has an account.');
    throw error;
  }
}

/** A new one-time link for someone: a password reset (1 hour), or a fresh invitation while they have no password. */
export async function issueLink(viewer: Viewer, userId: string): Promise<{ kind: 'invite' | 'reset'; path: string; expiresAt: Date; email: string; name: string }> {
  return db.$transaction(async (tx) => {
    const target = await lockTarget(tx, userId);
    if (!target) throw new ApiError('not_found', 'No such person.');
    if (!onTeam(viewer, target)) throw notOnTeam();
    if (!target.active) throw new ApiError('conflict', 'This person is deactivated: reactivate them first, then issue a link.');
    const kind = target.has_password ? 'reset' : 'invite';
    const link = await issueToken(kind === 'reset' ? 'RESET' : 'INVITE', target.id, viewer.id, tx);
    await recordAudit(tx, {
      actorId: viewer.id, action: kind === 'reset' ? 'user.password_reset' : 'user.invite', subjectId: target.id,
      teamId: teamOf({ id: target.id, role: target.role, managerId: target.manager_id }),
      detail: kind === 'reset' ? { expiresAt: link.expiresAt.toISOString() } : { reissued: true, role: target.role, managerId: target.manager_id },
    });
    return { kind, path: link.path, expiresAt: link.expiresAt, email: target.email, name: target.name };
  });
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
  if (target.role !== 'AGENT' || !target.manager_id) throw invalid('reassign.to', 'round_robin shares leads within an agent’s team; choose an agent or unassigned');
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM users u
     WHERE u.role = 'AGENT' AND u.active AND u.manager_id = ${target.manager_id}::uuid AND u.id <> ${target.id}::uuid AND ${hasPassword}
     ORDER BY u.id`;
  if (rows.length === 0) throw new ApiError('conflict', 'Nobody else on their team is active to take their leads: choose an agent or unassigned.');
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
    if (self && change.role !== undefined && change.role !== target.role) throw new ApiError('conflict', 'You cannot change your own role; ask another admin.');
    if (self && change.active === false) throw new ApiError('conflict', 'You cannot deactivate yourself; ask another admin.');
    if (!onTeam(viewer, target)) throw notOnTeam();

    const role = change.role ?? target.role;
    if (viewer.role !== 'ADMIN' && role !== 'AGENT') throw new ApiError('forbidden', 'Managers cannot make managers or admins; ask an admin.');
    if (role !== 'AGENT' && change.managerId) throw invalid('managerId', 'is only for agents (managers and admins have no manager)');
    const managerId = role === 'AGENT' ? (change.managerId !== undefined ? change.managerId : target.manager_id) : null;
    if (role === 'AGENT' && !managerId) throw invalid('managerId', 'is required for an agent: choose their manager');
    if (viewer.role !== 'ADMIN' && managerId !== viewer.id) throw new ApiError('forbidden', 'Only an admin can move an agent to another team.');
    if (managerId && managerId !== target.manager_id) await activeManager(tx, managerId, target.id);

    if (target.role === 'MANAGER' && role !== 'MANAGER') {
      const agents = await tx.user.count({ where: { managerId: target.id } });
      if (agents > 0) throw new ApiError('conflict', `This manager still has ${agents} agent${agents === 1 ? '' : 's'}: move them to another manager first.`, { agents });
    }
    if (change.active === false && target.active && target.role === 'MANAGER') {
      const agents = await tx.user.count({ where: { managerId: target.id, active: true } });
      if (agents > 0) throw new ApiError('conflict', `This manager still has ${agents} active agent${agents === 1 ? '' : 's'}: move them to another manager first.`, { agents });
    }
    if (target.role === 'ADMIN' && target.active && role !== 'ADMIN') await keepAnAdmin(tx, target.id, 'demote');
    if (target.role === 'ADMIN' && target.active && change.active === false) await keepAnAdmin(tx, target.id, 'deactivate');

    const changed: string[] = [];
    const teamId = teamOf({ id: target.id, role, managerId });
    const audit = (action: 'user.name' | 'user.role' | 'user.manager' | 'user.deactivate' | 'user.reactivate', detail: Record<string, unknown>) =>
      recordAudit(tx, { actorId: viewer.id, action, subjectId: target.id, teamId, detail });

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
        const { moved } = await reassignOpenLeads(tx, { actorId: viewer.id, fromId: target.id, teamId, toIds: newOwners, mode: change.reassign.to });
        outcome.reassignedLeads = moved;
      }
      if (released) {
        await audit('user.deactivate', {
          reassign: change.reassign ?? { to: 'kept' }, ...(change.reassign?.to === 'round_robin' ? { agentIds: newOwners } : {}),
          reassignedLeads: outcome.reassignedLeads ?? 0, sessions: released.sessions, releasedReservations: released.releasedLeads,
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
    await invalidate(cacheTags.team, cacheTags.audit, cacheTags.teamLeads, cacheTags.allLeads, cacheTags.queue(userId), ...newOwners.map(cacheTags.queue));
  }
  return result;
}
