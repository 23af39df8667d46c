/**
 * Correcting one lead and creating one, each in one transaction with its audit event (whose id is the
 * device's clientId: the idempotency key) and one lead_changes row per field that changed, before and
 * after. An agent corrects the contact fields of their own leads; managers also reassign (to an active
 * agent of their team), set the priority and recycle leads in their scope; admins everywhere.
 *
 * Idempotency is decided by the audit event's primary key, not by a read-then-write: a replay finds its
 * event (or loses the insert race to it) and answers the lead as it is now, writing nothing. The phone's
 * unique index decides a clash the same way. Unchanged values are skipped; a change that changes nothing
 * writes nothing.
 */
import 'server-only';
import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../platform/http/errors';
import { recordAudit, type AuditAction } from '../audit/record';
import type { Viewer } from '../platform/auth/viewer';
import { cacheTags, invalidate } from '../platform/cache';
import { db, type DbTransaction } from '../platform/db/client';
import type { DB } from '../platform/db/generated/kysely';
import { Prisma } from '../platform/db/generated/client';
import type { LeadStatus } from '../platform/db/generated/enums';
import { getLeadDetail, type LeadDetail } from './reads';
import type { LeadCreate, LeadEdit } from './lead-edit-schema';
import { inScope, leadScope } from './scope';
import { RECYCLABLE_STATUSES } from './statuses';

const NOT_YOURS = 'No such lead, or it is not yours.';
const PHONE_TAKEN = new ApiError('conflict', 'That phone number already belongs to another lead.', { field: 'phone' });
const CLIENT_ID_TAKEN = new ApiError('conflict', 'This clientId already belongs to another change; make a new UUID.', {
  field: 'clientId',
});
const RECYCLABLE: readonly LeadStatus[] = RECYCLABLE_STATUSES;

type ContactField = 'firstName' | 'lastName' | 'company' | 'phone' | 'email' | 'timezone' | 'notes';
const CONTACT_FIELDS: ContactField[] = ['firstName', 'lastName', 'company', 'phone', 'email', 'timezone', 'notes'];

/** The lead an edit applies to, read under its row lock (in the transaction of `tx`, its `tx.$kysely`), with its owner's manager (the event's team). */
const lockLead = (tx: Kysely<DB>, id: string) =>
  tx
    .selectFrom('leads as l')
    .leftJoin('users as u', 'u.id', 'l.owner_id')
    .select([
      'l.first_name',
      'l.last_name',
      'l.company',
      'l.phone',
      'l.email',
      'l.timezone',
      'l.notes',
      'l.owner_id',
      'u.manager_id as owner_manager_id',
      'l.priority',
      'l.status',
      'l.attempts',
      'l.next_call_at',
    ])
    .where('l.id', '=', id)
    .forUpdate('l')
    .executeTakeFirst();
type LockedLead = NonNullable<Awaited<ReturnType<typeof lockLead>>>;

/** One field's change as lead_changes keeps it (text before and after) and as the update writes it. */
interface Change {
  field: string;
  from: string | null;
  to: string | null;
  data: Prisma.LeadUncheckedUpdateInput;
}

const asText = (value: unknown) =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value);

/** The agent a lead may be given to: active, and for a manager one of their team. Returns the agent's manager (the event's team). */
async function assignableOwner(viewer: Viewer, ownerId: string): Promise<string | null> {
  const agent = await db.user.findUnique({ where: { id: ownerId }, select: { role: true, active: true, managerId: true } });
  if (!agent || agent.role !== 'AGENT' || (viewer.role === 'MANAGER' && agent.managerId !== viewer.id)) {
    throw new ApiError(
      'forbidden',
      viewer.role === 'MANAGER' ? 'That agent is not on your team: choose one of your agents, or nobody.' : 'That owner is not an agent.',
      { field: 'ownerId' },
    );
  }
  if (!agent.active)
    throw new ApiError('unprocessable_entity', 'That agent is deactivated: choose an active agent, or nobody.', {
      field: 'ownerId',
      issues: [{ path: 'ownerId', message: 'is a deactivated agent' }],
    });
  return agent.managerId;
}

/** What an earlier change with this clientId means for this one: a replay (same person, same lead and kind) or a 409. */
async function priorChange(clientId: string, viewer: Viewer, leadId: string | null, actions: AuditAction[]): Promise<string | null> {
  const event = await db.auditEvent.findUnique({ where: { id: clientId }, select: { actorId: true, action: true, detail: true } });
  if (!event) return null;
  const priorLead = (event.detail as { leadId?: string } | null)?.leadId;
  if (
    event.actorId !== viewer.id ||
    !actions.includes(event.action as AuditAction) ||
    !priorLead ||
    (leadId !== null && priorLead !== leadId)
  )
    throw CLIENT_ID_TAKEN;
  return priorLead;
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/** After a unique violation: the clientId's event won a race (a replay, or a reuse: 409), or the phone became another lead's. */
async function explainUniqueViolation(
  error: unknown,
  change: { clientId?: string; phone?: string },
  viewer: Viewer,
  leadId: string | null,
  actions: AuditAction[],
): Promise<string> {
  if (change.clientId) {
    const prior = await priorChange(change.clientId, viewer, leadId, actions);
    if (prior) return prior;
  }
  if (
    change.phone &&
    (await db.lead.findFirst({ where: { phone: change.phone, ...(leadId ? { id: { not: leadId } } : {}) }, select: { id: true } }))
  )
    throw PHONE_TAKEN;
  throw error;
}

async function refuseTakenPhone(tx: DbTransaction, phone: string, exceptId: string | null): Promise<void> {
  const [dnc, taken] = await Promise.all([
    tx.doNotCallNumber.findUnique({ where: { phone }, select: { phone: true } }),
    tx.lead.findFirst({ where: { phone, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } }),
  ]);
  if (dnc)
    throw new ApiError('conflict', 'That phone number is on the do-not-call list, so it cannot be given to a lead.', { field: 'phone' });
  if (taken) throw PHONE_TAKEN;
}

/** The changes an edit makes to a lead as it is now (values equal to the current ones are skipped). */
function changesOf(lead: LockedLead, input: LeadEdit): Change[] {
  const changes: Change[] = [];
  const current: Record<ContactField, string | null> = {
    firstName: lead.first_name,
    lastName: lead.last_name,
    company: lead.company,
    phone: lead.phone,
    email: lead.email,
    timezone: lead.timezone,
    notes: lead.notes,
  };
  for (const field of CONTACT_FIELDS) {
    const value = input[field];
    if (value !== undefined && value !== current[field]) changes.push({ field, from: current[field], to: value, data: { [field]: value } });
  }
  if (input.ownerId !== undefined && input.ownerId !== lead.owner_id) {
    // A reassigned lead is no longer held by whoever had it open.
    changes.push({
      field: 'owner',
      from: lead.owner_id,
      to: input.ownerId,
      data: { ownerId: input.ownerId, reservedById: null, reservedUntil: null },
    });
  }
  if (input.priority !== undefined && input.priority !== lead.priority)
    changes.push({ field: 'priority', from: asText(lead.priority), to: asText(input.priority), data: { priority: input.priority } });
  if (input.recycle) {
    changes.push({ field: 'status', from: lead.status, to: 'NEW', data: { status: 'NEW' } });
    if (lead.attempts !== 0) changes.push({ field: 'attempts', from: asText(lead.attempts), to: '0', data: { attempts: 0 } });
    if (lead.next_call_at !== null)
      changes.push({ field: 'nextCallAt', from: asText(lead.next_call_at), to: null, data: { nextCallAt: null } });
  }
  return changes;
}

/**
 * Corrects one lead. Returns the lead as it is after the change (or, for a replay or a change that
 * changes nothing, as it is now).
 */
export async function editLead(viewer: Viewer, id: string, input: LeadEdit): Promise<LeadDetail> {
  if (viewer.role === 'AGENT' && (input.ownerId !== undefined || input.priority !== undefined || input.recycle)) {
    throw new ApiError('forbidden', 'Only managers can reassign a lead, change its priority or recycle it.');
  }
  const actions: AuditAction[] = ['lead.edit', 'lead.recycle'];
  const action: AuditAction = input.recycle ? 'lead.recycle' : 'lead.edit';
  const [scope, newOwnerTeam] = await Promise.all([
    leadScope(viewer),
    input.ownerId ? assignableOwner(viewer, input.ownerId) : Promise.resolve(null),
  ]);
  if (await priorChange(input.clientId, viewer, id, actions)) return getLeadDetail(viewer, id);

  let written: { owners: (string | null)[] } | null;
  try {
    written = await db.$transaction(async (tx) => {
      // tx.$kysely read before the first await: the extension's is shared by concurrent transactions (see lib/platform/db/client.ts).
      const lead = await lockLead(tx.$kysely, id);
      if (!lead || !inScope(scope, lead.owner_id)) throw new ApiError('not_found', NOT_YOURS);
      if (input.recycle && !RECYCLABLE.includes(lead.status)) {
        throw new ApiError(
          'conflict',
          'Only a lead whose attempts are used up, or that is closed, can be recycled; this one is still in play.',
          { field: 'recycle' },
        );
      }
      const changes = changesOf(lead, input);
      if (changes.length === 0) return null;
      if (input.phone !== undefined && input.phone !== lead.phone) await refuseTakenPhone(tx, input.phone, id);

      // The event first: a concurrent change with the same clientId waits on its key, then fails.
      const teamId = (input.ownerId ? newOwnerTeam : lead.owner_manager_id) ?? (viewer.role === 'MANAGER' ? viewer.id : null);
      const event = await recordAudit(tx, {
        id: input.clientId,
        actorId: viewer.id,
        action,
        teamId,
        leadCount: 1,
        detail: { leadId: id, fields: changes.map((change) => change.field) },
      });
      await tx.lead.update({
        where: { id },
        data: Object.assign({}, ...changes.map((change) => change.data)) as Prisma.LeadUncheckedUpdateInput,
      });
      await tx.leadChange.createMany({
        data: changes.map((change) => ({ eventId: event.id, leadId: id, field: change.field, fromValue: change.from, toValue: change.to })),
      });
      return { owners: [lead.owner_id, input.ownerId === undefined ? lead.owner_id : input.ownerId] };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await explainUniqueViolation(error, input, viewer, id, actions);
    return getLeadDetail(viewer, id);
  }
  if (written) await invalidateLead(id, written.owners);
  return getLeadDetail(viewer, id);
}

/** Creates one lead (NEW, source "manual"). `created` is false for a replay of the same clientId. */
export async function createLead(viewer: Viewer, input: LeadCreate): Promise<{ lead: LeadDetail; created: boolean }> {
  if (viewer.role === 'AGENT') throw new ApiError('forbidden', 'Only managers can create leads.');
  const actions: AuditAction[] = ['lead.create'];
  const ownerId = input.ownerId ?? null;
  const ownerTeam = ownerId ? await assignableOwner(viewer, ownerId) : null;
  const replayOf = async (leadId: string) => ({ lead: await getLeadDetail(viewer, leadId), created: false });
  if (input.clientId) {
    const prior = await priorChange(input.clientId, viewer, null, actions);
    if (prior) return replayOf(prior);
  }

  const id = randomUUID();
  const values = {
    firstName: input.firstName,
    lastName: input.lastName,
    company: input.company ?? null,
    phone: input.phone,
    email: input.email ?? null,
    timezone: input.timezone,
    notes: input.notes ?? null,
    ownerId,
    priority: input.priority ?? 3,
  };
  try {
    await db.$transaction(async (tx) => {
      await refuseTakenPhone(tx, input.phone, null);
      const set = Object.entries(values).filter(([, value]) => value !== null);
      const fields = set.map(([field]) => (field === 'ownerId' ? 'owner' : field));
      const teamId = ownerTeam ?? (viewer.role === 'MANAGER' ? viewer.id : null);
      const event = await recordAudit(tx, {
        id: input.clientId ?? randomUUID(),
        actorId: viewer.id,
        action: 'lead.create',
        teamId,
        leadCount: 1,
        detail: { leadId: id, fields },
      });
      await tx.lead.create({ data: { id, ...values, source: 'manual' } });
      await tx.leadChange.createMany({
        data: set.map(([, value], index) => ({
          eventId: event.id,
          leadId: id,
          field: fields[index],
          fromValue: null,
          toValue: asText(value),
        })),
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return replayOf(await explainUniqueViolation(error, input, viewer, null, actions));
  }
  await invalidateLead(id, [ownerId]);
  return { lead: await getLeadDetail(viewer, id), created: true };
}

/** The lead's page, the queues of whoever owned it before and after, the managers' lists and the audit trail. */
async function invalidateLead(id: string, owners: (string | null)[]): Promise<void> {
  const queues = [...new Set(owners.filter((owner): owner is string => owner !== null))].map(cacheTags.queue);
  await invalidate(cacheTags.lead(id), ...queues, cacheTags.teamLeads, cacheTags.audit);
}
