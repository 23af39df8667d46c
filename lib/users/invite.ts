/**
 * Invitations and new links: an invited person exists without a password (no credential account) until
 * they accept; the link (7 days) is shown once to whoever invited them. A new link for someone is a
 * password reset (1 hour), or a fresh invitation while they still have no password.
 */
import 'server-only';
import { ApiError } from '../platform/http/errors';
import { recordAudit } from '../audit/record';
import type { Viewer } from '../platform/auth/viewer';
import { cacheTags, invalidate } from '../platform/cache';
import { db } from '../platform/db/client';
import { Prisma } from '../platform/db/generated/client';
import type { UserInvite } from './users-schema';
import { activeManager, invalid, lockTarget, notOnTeam, onTeam, teamOf, type Actor } from './access';
import { issueToken } from './tokens';

/** Where an agent's team goes for an invitation: a manager invites to their own team only. */
async function invitedTeam(viewer: Actor, input: UserInvite): Promise<{ managerId: string | null; timezone?: string }> {
  if (viewer.role === 'MANAGER') {
    if (input.role !== 'AGENT')
      throw new ApiError('forbidden', 'Managers can invite agents only; ask an admin to invite a manager or an admin.');
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

/** 409 for an email that is taken; who it is and whether they are still invited only for someone the viewer manages. */
async function refuseTaken(viewer: Actor, email: string): Promise<void> {
  const existing = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      role: true,
      managerId: true,
      active: true,
      accounts: { where: { providerId: 'credential' }, select: { id: true } },
    },
  });
  if (!existing) return;
  if (!onTeam(viewer, { role: existing.role, manager_id: existing.managerId }))
    throw new ApiError('conflict', 'Someone with this email already has an account.');
  if (existing.active && existing.accounts.length === 0) {
    throw new ApiError(
      'conflict',
      'This person was already invited and has not accepted yet: use “New link” on their row (POST /api/users/<id>/password-reset) to send a fresh invitation.',
      { userId: existing.id },
    );
  }
  throw new ApiError('conflict', 'Someone with this email already has an account.', { userId: existing.id });
}

/** Creates the person (no password: invited until they accept) and their invitation link. */
export async function inviteUser(viewer: Viewer, input: UserInvite): Promise<{ id: string; path: string; expiresAt: Date }> {
  const team = await invitedTeam(viewer, input);
  await refuseTaken(viewer, input.email);
  try {
    const result = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.role,
          managerId: team.managerId,
          ...(team.timezone ? { timezone: team.timezone } : {}),
        },
        select: { id: true },
      });
      const link = await issueToken('INVITE', user.id, viewer.id, tx);
      await recordAudit(tx, {
        actorId: viewer.id,
        action: 'user.invite',
        subjectId: user.id,
        teamId: teamOf({ id: user.id, role: input.role, managerId: team.managerId }),
        detail: { role: input.role, managerId: team.managerId },
      });
      return { id: user.id, path: link.path, expiresAt: link.expiresAt };
    });
    await invalidate(cacheTags.team, cacheTags.audit);
    return result;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw new ApiError('conflict', 'Someone with this email already has an account.');
    throw error;
  }
}

/** A new one-time link for someone: a password reset (1 hour), or a fresh invitation while they have no password. */
export async function issueLink(
  viewer: Viewer,
  userId: string,
): Promise<{ kind: 'invite' | 'reset'; path: string; expiresAt: Date; email: string; name: string }> {
  return db.$transaction(async (tx) => {
    const target = await lockTarget(tx, userId);
    if (!target) throw new ApiError('not_found', 'No such person.');
    if (!onTeam(viewer, target)) throw notOnTeam();
    if (!target.active) throw new ApiError('conflict', 'This person is deactivated: reactivate them first, then issue a link.');
    const kind = target.has_password ? 'reset' : 'invite';
    const link = await issueToken(kind === 'reset' ? 'RESET' : 'INVITE', target.id, viewer.id, tx);
    await recordAudit(tx, {
      actorId: viewer.id,
      action: kind === 'reset' ? 'user.password_reset' : 'user.invite',
      subjectId: target.id,
      teamId: teamOf({ id: target.id, role: target.role, managerId: target.manager_id }),
      detail:
        kind === 'reset'
          ? { expiresAt: link.expiresAt.toISOString() }
          : { reissued: true, role: target.role, managerId: target.manager_id },
    });
    return { kind, path: link.path, expiresAt: link.expiresAt, email: target.email, name: target.name };
  });
}
