/**
 * The managers' lead table and bulk changes to it. A manager works on the
 * leads their team owns and on unassigned leads; an admin on every lead.
 * Every bulk change is one transaction that writes an audit event and, per
 * lead that actually changed, the value before and after.
 */
import 'server-only';
import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import { ApiError } from '../platform/http/errors';
import { isTimestamptz } from '../platform/validation/timestamptz';
import type { Viewer } from '../platform/auth/viewer';
import { cached, cacheTags, invalidate } from '../platform/cache';
import { db } from '../platform/db/client';
import type { Lead } from '../platform/db/generated/kysely';
import type { BulkLeadChange, TeamLeadFilter } from './team-leads-schema';
import { searchFilter } from './reads';
import { reportAgents } from '../reports/report-scope';
import { leadScope, scopeCondition } from './scope';
import { phoneDisplay } from './phone-display';

export interface TeamLead {
  id: string;
  name: string;
  company: string | null;
  /** E.164. */
  phone: string;
  /** International format, for people. */
  phoneDisplay: string;
  email: string | null;
  status: string;
  priority: number;
  ownerId: string | null;
  ownerName: string | null;
  source: string | null;
  lastCalledAt: string | null;
  createdAt: string;
}

/** The leads table as `l`, for conditions written outside a query. */
const l = expressionBuilder<{ l: Lead }, 'l'>();

/** The condition for a viewer's scope and a filter. */
async function whereFor(viewer: Scope, filter: TeamLeadFilter): Promise<Expression<SqlBool>> {
  const conditions: Expression<SqlBool>[] = [];
  if (viewer.role !== 'ADMIN') conditions.push(scopeCondition(await leadScope(viewer)));
  if (filter.status) conditions.push(l('l.status', '=', filter.status));
  if (filter.owner === 'none') conditions.push(l('l.owner_id', 'is', null));
  else if (filter.owner) conditions.push(l('l.owner_id', '=', filter.owner));
  if (filter.priority) conditions.push(l('l.priority', '=', filter.priority));
  if (filter.source) conditions.push(l('l.source', '=', filter.source));
  if (filter.q) conditions.push(searchFilter(filter.q).where);
  return conditions.length ? l.and(conditions) : sql<SqlBool>`TRUE`;
}

function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    // What the query casts them to: an ISO timestamptz and a uuid.
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      isTimestamptz(key[0]) &&
      typeof key[1] === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key[1])
    )
      return key;
  } catch {
    // fall through
  }
  throw new ApiError('unprocessable_entity', 'Invalid cursor: pass back the nextCursor of the previous page.', {
    issues: [{ path: 'cursor', message: 'is not a cursor from this API' }],
  });
}

/** Whose leads: a manager's team and the unassigned, or everyone's for an admin. */
type Scope = Pick<Viewer, 'id' | 'role'>;
const scopeOf = (viewer: Scope): Scope => ({ id: viewer.id, role: viewer.role });

/** One page of the table (newest first) and, on the first page, how many leads match. Uncached: exports read through it. */
export async function listTeamLeads(viewer: Scope, filter: TeamLeadFilter, page: { cursor?: string; limit: number }) {
  const where = await whereFor(viewer, filter);
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const [rows, total] = await Promise.all([
    db.$kysely
      .selectFrom('leads as l')
      .leftJoin('users as u', 'u.id', 'l.owner_id')
      .select([
        'l.id',
        'l.first_name',
        'l.last_name',
        'l.company',
        'l.phone',
        'l.email',
        'l.status',
        'l.priority',
        'l.owner_id',
        'u.name as owner_name',
        'l.source',
        'l.last_called_at',
        'l.created_at',
      ])
      .where(where)
      .$call((query) => (after ? query.where(sql<SqlBool>`(l.created_at, l.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`) : query))
      .orderBy('l.created_at', 'desc')
      .orderBy('l.id', 'desc')
      .limit(page.limit + 1)
      .execute(),
    after
      ? Promise.resolve(null)
      : db.$kysely
          .selectFrom('leads as l')
          .select(sql<number>`count(*)::int`.as('n'))
          .where(where)
          .executeTakeFirstOrThrow()
          .then((row) => row.n),
  ]);
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  return {
    items: items.map((row): TeamLead => ({
      id: row.id,
      name: `${row.first_name} ${row.last_name}`.trim(),
      company: row.company,
      phone: row.phone,
      phoneDisplay: phoneDisplay(row.phone),
      email: row.email,
      status: row.status,
      priority: row.priority,
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      source: row.source,
      lastCalledAt: row.last_called_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
    })),
    nextCursor: more ? encodeCursor(items[items.length - 1]) : null,
    total,
  };
}

const cachedPage = cached('team.leads', listTeamLeads, { tags: () => [cacheTags.teamLeads, cacheTags.allLeads], revalidate: 60 });

/** The table's pages, cached per scope, filter and page until a lead changes (a call, a bulk change, an import). */
export function teamLeadsPage(viewer: Scope, filter: TeamLeadFilter, page: { cursor?: string; limit: number }) {
  return cachedPage(scopeOf(viewer), filter, page);
}

const cachedSources = cached(
  'team.sources',
  async (viewer: Scope): Promise<string[]> => {
    const where = await whereFor(viewer, {});
    const rows = await db.$kysely
      .selectFrom('leads as l')
      .select('l.source')
      .distinct()
      .where(where)
      .where('l.source', 'is not', null)
      .orderBy(sql`1`)
      .limit(200)
      .execute();
    return rows.map((row) => row.source!);
  },
  { tags: () => [cacheTags.teamLeads, cacheTags.allLeads], revalidate: 300 },
);

/** The sources present in the viewer's leads, for the filter. */
export function leadSources(viewer: Scope): Promise<string[]> {
  return cachedSources(scopeOf(viewer));
}

/**
 * Reassigns leads (to an agent of the team, or to nobody) or sets their priority, for a selection of
 * ids or every lead matching a filter, within the viewer's scope. Selected ids outside the scope are a
 * 403 and change nothing. Returns how many leads changed (already-equal ones are not counted).
 */
export async function bulkChangeLeads(viewer: Viewer, body: BulkLeadChange): Promise<{ changed: number; eventId: string | null }> {
  const { target, change } = body;
  if (change.action === 'reassign' && change.ownerId) await reportAgents(viewer, change.ownerId);
  const scope = await whereFor(viewer, 'filter' in target ? target.filter : {});
  const selection = 'ids' in target ? l.and([sql<SqlBool>`l.id = ANY(${target.ids}::uuid[])`, scope]) : scope;
  if ('ids' in target) {
    const { n } = await db.$kysely
      .selectFrom('leads as l')
      .select(sql<number>`count(*)::int`.as('n'))
      .where(selection)
      .executeTakeFirstOrThrow();
    if (n !== new Set(target.ids).size)
      throw new ApiError('forbidden', 'Some of the selected leads are not your team’s (or no longer exist); nothing was changed.');
  }
  const [field, differs, set, toValue] =
    change.action === 'reassign'
      ? ([
          'owner',
          sql<SqlBool>`l.owner_id IS DISTINCT FROM ${change.ownerId}::uuid`,
          { owner_id: change.ownerId, reserved_by_id: null, reserved_until: null },
          change.ownerId,
        ] as const)
      : (['priority', l('l.priority', '<>', change.priority), { priority: change.priority }, String(change.priority)] as const);
  const before = change.action === 'reassign' ? sql<string | null>`l.owner_id::text` : sql<string>`l.priority::text`;

  const result = await db.$transaction(
    async (tx) => {
      // Taken before the first await: the extension's tx.$kysely is shared by concurrent transactions (see lib/platform/db/client.ts).
      const k = tx.$kysely;
      const event = await k
        .insertInto('audit_events')
        .values({
          id: sql<string>`gen_random_uuid()`,
          actor_id: viewer.id,
          action: `leads.${change.action}`,
          detail: JSON.stringify({ target: 'ids' in target ? { ids: target.ids.length } : target, change }),
          lead_count: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Lock the leads that change, update them and record each one's value before, in one statement.
      const { numInsertedOrUpdatedRows } = await k
        .with('targets', (q) =>
          q
            .selectFrom('leads as l')
            .select(['l.id', before.as('before')])
            .where(selection)
            .where(differs)
            .forUpdate('l'),
        )
        .with('updated', (q) =>
          q
            .updateTable('leads')
            .set({ ...set, updated_at: sql`now()` })
            .from('targets as t')
            .whereRef('leads.id', '=', 't.id')
            .returning('leads.id'),
        )
        .insertInto('lead_changes')
        .columns(['event_id', 'lead_id', 'field', 'from_value', 'to_value'])
        .expression((eb) =>
          eb
            .selectFrom('targets as t')
            .innerJoin('updated as u', 'u.id', 't.id')
            .select([
              sql<string>`${event.id}::uuid`.as('event_id'),
              't.id',
              sql<string>`${field}`.as('field'),
              't.before',
              sql<string | null>`${toValue}`.as('to_value'),
            ]),
        )
        .executeTakeFirstOrThrow();
      const changed = Number(numInsertedOrUpdatedRows ?? 0);
      if (changed === 0) {
        await tx.auditEvent.deleteMany({ where: { id: event.id } });
        return { changed, eventId: null };
      }
      await tx.auditEvent.updateMany({ where: { id: event.id }, data: { leadCount: changed } });
      return { changed, eventId: event.id };
    },
    { timeout: 120_000 },
  );
  if (result.changed) await invalidate(cacheTags.allLeads, cacheTags.teamLeads, cacheTags.audit);
  return result;
}

export interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  leadCount: number;
  detail: unknown;
  createdAt: string;
}

const cachedAudit = cached(
  'audit.recent',
  async (actorId: string | null, take: number): Promise<AuditEntry[]> => {
    const events = await db.auditEvent.findMany({
      where: actorId ? { actorId } : {},
      orderBy: { createdAt: 'desc' },
      take,
      include: { actor: { select: { name: true } } },
    });
    return events.map((event) => ({
      id: event.id,
      actor: event.actor.name,
      action: event.action,
      leadCount: event.leadCount,
      detail: event.detail,
      createdAt: event.createdAt.toISOString(),
    }));
  },
  { tags: () => [cacheTags.audit], revalidate: 300 },
);

/** The latest audit events of the viewer's team (their own and their managers' actions; an admin sees all). */
export function recentAudit(viewer: Scope, take = 20): Promise<AuditEntry[]> {
  return cachedAudit(viewer.role === 'ADMIN' ? null : viewer.id, take);
}
