/**
 * The managers' lead table and bulk changes to it. A manager works on the
 * leads their team owns and on unassigned leads; an admin on every lead.
 * Every bulk change is one transaction that writes an audit event and, per
 * lead that actually changed, the value before and after.
 */
import 'server-only';
import { ApiError } from '../platform/http/errors';
import { isTimestamptz } from '../platform/validation/timestamptz';
import type { Viewer } from '../platform/auth/viewer';
import { cached, cacheTags, invalidate } from '../platform/cache';
import { db } from '../platform/db/client';
import { Prisma } from '../platform/db/generated/client';
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

interface Row {
  id: string; first_name: string; last_name: string; company: string | null; phone: string; email: string | null; status: string;
  priority: number; owner_id: string | null; owner_name: string | null; source: string | null; last_called_at: Date | null; created_at: Date;
}

/** The WHERE clause for a viewer's scope and a filter. */
async function whereFor(viewer: Scope, filter: TeamLeadFilter): Promise<Prisma.Sql> {
  const conditions: Prisma.Sql[] = [];
  if (viewer.role !== 'ADMIN') conditions.push(scopeCondition(await leadScope(viewer)));
  if (filter.status) conditions.push(Prisma.sql`l.status = ${filter.status}::"LeadStatus"`);
  if (filter.owner === 'none') conditions.push(Prisma.sql`l.owner_id IS NULL`);
  else if (filter.owner) conditions.push(Prisma.sql`l.owner_id = ${filter.owner}::uuid`);
  if (filter.priority) conditions.push(Prisma.sql`l.priority = ${filter.priority}`);
  if (filter.source) conditions.push(Prisma.sql`l.source = ${filter.source}`);
  if (filter.q) conditions.push(searchFilter(filter.q).where);
  return conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
}

function encodeCursor(row: Row): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    // What the query casts them to: an ISO timestamptz and a uuid.
    if (Array.isArray(key) && key.length === 2 && isTimestamptz(key[0])
      && typeof key[1] === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key[1])) return key;
  } catch {
    // fall through
  }
  throw new ApiError('unprocessable_entity', 'Invalid cursor: pass back the nextCursor of the previous page.', { issues: [{ path: 'cursor', message: 'is not a cursor from this API' }] });
}

/** Whose leads: a manager's team and the unassigned, or everyone's for an admin. */
type Scope = Pick<Viewer, 'id' | 'role'>;
const scopeOf = (viewer: Scope): Scope => ({ id: viewer.id, role: viewer.role });

/** One page of the table (newest first) and, on the first page, how many leads match. Uncached: exports read through it. */
export async function listTeamLeads(viewer: Scope, filter: TeamLeadFilter, page: { cursor?: string; limit: number }) {
  const where = await whereFor(viewer, filter);
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const keyset = after ? Prisma.sql`AND (l.created_at, l.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : Prisma.empty;
  const [rows, total] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT l.id, l.first_name, l.last_name, l.company, l.phone, l.email, l.status::text AS status, l.priority, l.owner_id,
             u.name AS owner_name, l.source, l.last_called_at, l.created_at
        FROM leads l LEFT JOIN users u ON u.id = l.owner_id
       WHERE ${where} ${keyset}
       ORDER BY l.created_at DESC, l.id DESC
       LIMIT ${page.limit + 1}`,
    after ? Promise.resolve(null) : db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM leads l WHERE ${where}`.then(([row]) => row.n),
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
    const rows = await db.$queryRaw<{ source: string }[]>`SELECT DISTINCT l.source FROM leads l WHERE ${where} AND l.source IS NOT NULL ORDER BY 1 LIMIT 200`;
    return rows.map((row) => row.source);
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
  if ('ids' in target) {
    const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM leads l WHERE l.id = ANY(${target.ids}::uuid[]) AND ${scope}`;
    if (n !== new Set(target.ids).size) throw new ApiError('forbidden', 'Some of the selected leads are not your team’s (or no longer exist); nothing was changed.');
  }
  const selection = 'ids' in target ? Prisma.sql`l.id = ANY(${target.ids}::uuid[]) AND ${scope}` : scope;
  const [field, differs, setClause, toValue] =
    change.action === 'reassign'
      ? ['owner', Prisma.sql`l.owner_id IS DISTINCT FROM ${change.ownerId}::uuid`,
        Prisma.sql`owner_id = ${change.ownerId}::uuid, reserved_by_id = NULL, reserved_until = NULL`, change.ownerId]
      : ['priority', Prisma.sql`l.priority <> ${change.priority}`, Prisma.sql`priority = ${change.priority}`, String(change.priority)];
  const before = change.action === 'reassign' ? Prisma.sql`l.owner_id::text` : Prisma.sql`l.priority::text`;

  const result = await db.$transaction(async (tx) => {
    const [event] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO audit_events (id, actor_id, action, detail, lead_count)
      VALUES (gen_random_uuid(), ${viewer.id}::uuid, ${`leads.${change.action}`}, ${JSON.stringify({ target: 'ids' in target ? { ids: target.ids.length } : target, change })}::jsonb, 0)
      RETURNING id`;
    const changed = await tx.$executeRaw`
      WITH targets AS (SELECT l.id, ${before} AS before FROM leads l WHERE ${selection} AND ${differs} FOR UPDATE OF l),
           updated AS (UPDATE leads SET ${setClause}, updated_at = now() FROM targets t WHERE leads.id = t.id RETURNING leads.id)
      INSERT INTO lead_changes (event_id, lead_id, field, from_value, to_value)
      SELECT ${event.id}::uuid, t.id, ${field}, t.before, ${toValue} FROM targets t JOIN updated u ON u.id = t.id`;
    if (changed === 0) {
      await tx.$executeRaw`DELETE FROM audit_events WHERE id = ${event.id}::uuid`;
      return { changed, eventId: null };
    }
    await tx.$executeRaw`UPDATE audit_events SET lead_count = ${changed} WHERE id = ${event.id}::uuid`;
    return { changed, eventId: event.id };
  }, { timeout: 120_000 });
  if (result.changed) await invalidate(cacheTags.allLeads, cacheTags.teamLeads, cacheTags.audit);
  return result;
}

export interface AuditEntry { id: string; actor: string; action: string; leadCount: number; detail: unknown; createdAt: string }

const cachedAudit = cached(
  'audit.recent',
  async (actorId: string | null, take: number): Promise<AuditEntry[]> => {
    const events = await db.auditEvent.findMany({
      where: actorId ? { actorId } : {},
      orderBy: { createdAt: 'desc' },
      take,
      include: { actor: { select: { name: true } } },
    });
    return events.map((event) => ({ id: event.id, actor: event.actor.name, action: event.action, leadCount: event.leadCount, detail: event.detail, createdAt: event.createdAt.toISOString() }));
  },
  { tags: () => [cacheTags.audit], revalidate: 300 },
);

/** The latest audit events of the viewer's team (their own and their managers' actions; an admin sees all). */
export function recentAudit(viewer: Scope, take = 20): Promise<AuditEntry[]> {
  return cachedAudit(viewer.role === 'ADMIN' ? null : viewer.id, take);
}
