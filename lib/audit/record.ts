/**
 * Writing the audit trail: one `audit_events` row per action a person takes on accounts, teams, rules or
 * leads, written in the same transaction as the change itself (an action that failed left no row).
 */
import 'server-only';
import type { DbTransaction } from '../platform/db/client';
import type { Prisma } from '../platform/db/generated/client';

export type AuditAction =
  | 'user.setup'
  | 'user.invite'
  | 'user.create'
  | 'user.role'
  | 'user.manager'
  | 'user.name'
  | 'user.deactivate'
  | 'user.reactivate'
  | 'user.password_reset'
  | 'user.password_change'
  | 'rules.update'
  | 'lead.create'
  | 'lead.edit'
  | 'lead.recycle'
  | 'leads.reassign';

export interface AuditEntry {
  actorId: string;
  action: AuditAction;
  /** The person an account event is about. */
  subjectId?: string | null;
  /** The team (manager id) the event concerns: what a manager's audit view filters on. */
  teamId?: string | null;
  detail?: Record<string, unknown>;
  leadCount?: number;
  /** A client-made id (offline lead edits): the idempotency key. */
  id?: string;
}

export async function recordAudit(tx: DbTransaction, entry: AuditEntry): Promise<{ id: string }> {
  return tx.auditEvent.create({
    data: {
      ...(entry.id ? { id: entry.id } : {}),
      actorId: entry.actorId,
      action: entry.action,
      subjectId: entry.subjectId ?? null,
      teamId: entry.teamId ?? null,
      detail: (entry.detail ?? {}) as Prisma.InputJsonValue,
      leadCount: entry.leadCount ?? 0,
    },
    select: { id: true },
  });
}
