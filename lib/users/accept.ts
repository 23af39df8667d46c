/**
 * Using an invitation or a password-reset link: the person sets a password and is signed in. The password
 * rule is checked before the token is used, so a weak password does not burn the link; the token, the
 * password, the verified email (invitation) and the end of every other session (reset: whoever had the old
 * password is signed out) are one transaction.
 */
import 'server-only';
import { ApiError } from '../platform/http/errors';
import { publishSessionEvent } from '../platform/auth/viewer';
import { recordAudit } from '../audit/record';
import { cacheTags, invalidate } from '../platform/cache';
import { db } from '../platform/db/client';
import type { Role, UserTokenKind } from '../platform/db/generated/enums';
import { passwordProblem } from './password-schema';
import { onTeam } from './access';
import { hashPassword, storePasswordHash } from './set-password';
import { consumeToken, inspectToken, type TokenState } from './tokens';

export const LINK_KINDS: UserTokenKind[] = ['INVITE', 'RESET'];
export const DEACTIVATED = 'This account was deactivated; ask your admin.';

export interface LinkPerson {
  id: string;
  name: string;
  email: string;
  role: Role;
  managerId: string | null;
  active: boolean;
}

const PERSON = { id: true, name: true, email: true, role: true, managerId: true, active: true } as const;

/** What a page shows for a link: the form for its person, or why it cannot be used and whom to ask. */
export type LinkView =
  | { state: 'valid'; kind: UserTokenKind; person: Pick<LinkPerson, 'name' | 'email'> }
  | { state: 'used' | 'expired'; kind: UserTokenKind; askWhom: string }
  | { state: 'deactivated' }
  | { state: 'unknown' };

/** Whom to ask for a new link: the person who issued this one, when known and still active. */
export async function askWhom(createdById: string | null): Promise<string> {
  const issuer = createdById ? await db.user.findUnique({ where: { id: createdById }, select: { name: true, active: true } }) : null;
  return issuer?.active ? issuer.name : 'your admin';
}

/**
 * A link carries its issuer's authority over the account, so it stops working when that ends: the issuer
 * deactivated or no longer an admin, or the person no longer an agent of the issuing manager's team (moved,
 * or made a manager or admin). A link from nobody (the command line) stands.
 */
async function issuerStillManages(
  client: Pick<typeof db, 'user'>,
  createdById: string | null,
  person: Pick<LinkPerson, 'role' | 'managerId'>,
): Promise<boolean> {
  if (!createdById) return true;
  const issuer = await client.user.findUnique({ where: { id: createdById }, select: { id: true, role: true, active: true } });
  return issuer?.active ? onTeam(issuer, { role: person.role, manager_id: person.managerId }) : false;
}

export async function viewLink(token: unknown, kinds: UserTokenKind[] = LINK_KINDS): Promise<LinkView> {
  const state = await inspectToken(token, kinds);
  if (state.state === 'unknown') return state;
  if (state.state !== 'valid') return { state: state.state, kind: state.kind, askWhom: await askWhom(state.createdById) };
  const person = state.userId ? await db.user.findUnique({ where: { id: state.userId }, select: PERSON }) : null;
  if (!person?.active) return { state: 'deactivated' };
  if (!(await issuerStillManages(db, state.createdById, person))) return { state: 'expired', kind: state.kind, askWhom: 'your admin' };
  return { state: 'valid', kind: state.kind, person: { name: person.name, email: person.email } };
}

export function linkGone(kind: UserTokenKind, reason: 'used' | 'expired', whom: string): ApiError {
  const what = kind === 'RESET' ? 'password-reset link' : 'invitation';
  return new ApiError('gone', `This ${what} ${reason === 'used' ? 'was already used' : 'has expired'}. Ask ${whom} for a new one.`);
}

const unknownLink = () => new ApiError('not_found', 'This link is not valid. Check that you opened the whole link you were sent.');

async function refusal(state: Exclude<TokenState, { state: 'valid' }>): Promise<ApiError> {
  if (state.state === 'unknown') return unknownLink();
  return linkGone(state.kind, state.state, await askWhom(state.createdById));
}

/** Sets the password of the link's person; returns them for the sign-in that follows. */
export async function acceptLink(token: string, password: string): Promise<Pick<LinkPerson, 'id' | 'email'>> {
  const state = await inspectToken(token, LINK_KINDS);
  if (state.state !== 'valid') throw await refusal(state);
  const person = state.userId ? await db.user.findUnique({ where: { id: state.userId }, select: PERSON }) : null;
  if (!person?.active) throw new ApiError('gone', DEACTIVATED);
  const problem = passwordProblem(password, person.email);
  if (problem) throw new ApiError('unprocessable_entity', problem, { issues: [{ path: 'password', message: problem }] });
  const hash = await hashPassword(password);

  const kind = await db.$transaction(async (tx) => {
    const used = await consumeToken(tx, token, LINK_KINDS);
    if (!used.ok) throw used.reason === 'unknown' ? unknownLink() : linkGone(state.kind, used.reason, 'your admin');
    // Deactivated between the look and now: the deactivation deleted their sessions; give them none.
    const current = await tx.user.findUnique({ where: { id: person.id }, select: { active: true, role: true, managerId: true } });
    if (!current?.active) throw new ApiError('gone', DEACTIVATED);
    if (!(await issuerStillManages(tx, used.createdById, current))) throw linkGone(used.kind, 'expired', 'your admin');
    await storePasswordHash(tx, person.id, hash);
    if (used.kind === 'INVITE') await tx.user.update({ where: { id: person.id }, data: { emailVerified: true } });
    if (used.kind === 'RESET') await tx.session.deleteMany({ where: { userId: person.id } });
    await recordAudit(tx, {
      actorId: person.id,
      action: 'user.password_change',
      subjectId: person.id,
      teamId: teamOf(person),
      detail: { via: used.kind === 'INVITE' ? 'invitation' : 'reset' },
    });
    return used.kind;
  });
  // Every instance forgets the ended sessions at once (the same event deactivation uses).
  if (kind === 'RESET') await publishSessionEvent(`user deactivated ${person.id}`);
  await invalidate(cacheTags.audit, cacheTags.team);
  return { id: person.id, email: person.email };
}

/** The team an account event concerns (audit teamId): an agent's manager, a manager's own team. */
export const teamOf = (person: Pick<LinkPerson, 'id' | 'role' | 'managerId'>) =>
  person.role === 'AGENT' ? person.managerId : person.role === 'MANAGER' ? person.id : null;
