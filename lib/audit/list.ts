/**
 * Reading the audit trail, newest first, in keyset pages (`before` = the last event shown). Admins read
 * every event; a manager the events of their team (teamId = their id) and their own actions (bulk
 * changes and imports carry no team). Each event comes with its actor's and subject's names, its action
 * in words and a summary of its detail; the names a detail refers to are read in one more query.
 */
import 'server-only';
import { sql } from 'kysely';
import type { Viewer } from '../platform/auth/viewer';
import { db } from '../platform/db/client';
import { actionInWords, referencedIds, summarize } from './describe';

export interface AuditItem {
  id: string;
  createdAt: string;
  action: string;
  actionInWords: string;
  actor: { id: string; name: string };
  subject: { id: string; name: string } | null;
  teamId: string | null;
  leadCount: number;
  detail: unknown;
  summary: string;
}

export interface AuditPage {
  items: AuditItem[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

export const auditCursor = (item: Pick<AuditItem, 'createdAt' | 'id'>) => `${item.createdAt}_${item.id}`;

export async function listAudit(
  viewer: Pick<Viewer, 'id' | 'role'>,
  page: { before?: { createdAt: string; id: string }; limit: number },
): Promise<AuditPage> {
  const { before } = page;
  const rows = await db.$kysely
    .selectFrom('audit_events as e')
    .innerJoin('users as a', 'a.id', 'e.actor_id')
    .leftJoin('users as s', 's.id', 'e.subject_id')
    .select([
      'e.id',
      'e.action',
      'e.detail',
      'e.lead_count',
      'e.created_at',
      'e.team_id',
      'e.actor_id',
      'a.name as actor_name',
      'e.subject_id',
      's.name as subject_name',
    ])
    .$if(viewer.role !== 'ADMIN', (qb) => qb.where((eb) => eb.or([eb('e.team_id', '=', viewer.id), eb('e.actor_id', '=', viewer.id)])))
    // Keyset: the events strictly older than the last one shown, on the (created_at, id) order.
    .$if(!!before, (qb) => qb.where(sql<boolean>`(e.created_at, e.id) < (${before!.createdAt}::timestamptz, ${before!.id}::uuid)`))
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const shown = rows.slice(0, page.limit);
  const ids = [...new Set(shown.flatMap((row) => referencedIds(row.detail)))];
  const people = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const nameOf = new Map(people.map((person) => [person.id, person.name]));
  const names = (id: unknown) => (typeof id === 'string' && nameOf.get(id)) || 'someone removed';
  const items = shown.map((row): AuditItem => ({
    id: row.id,
    createdAt: row.created_at.toISOString(),
    action: row.action,
    actionInWords: actionInWords(row.action),
    actor: { id: row.actor_id, name: row.actor_name },
    subject: row.subject_id ? { id: row.subject_id, name: row.subject_name ?? 'someone removed' } : null,
    teamId: row.team_id,
    leadCount: row.lead_count,
    detail: row.detail,
    summary: summarize({ action: row.action, detail: row.detail, leadCount: row.lead_count }, names),
  }));
  return { items, nextBefore: rows.length > page.limit ? auditCursor(items[items.length - 1]) : null };
}
