/**
 * Lead reads for agents and managers. Authorization is part of every query:
 * an agent sees only leads they own; managers and admins see all.
 */
import 'server-only';
import { ApiError } from '../platform/http/errors';
import { isTimestamptz } from '../platform/validation/timestamptz';
import { db } from '../platform/db/client';
import { Prisma } from '../platform/db/generated/client';
import type { Viewer } from '../platform/auth/viewer';
import { cached, cacheTags } from '../platform/cache';
import { isInCallingHours, localTime, rememberZone, splitSeenZones } from './calling-hours';
import { rulesForAgent, rulesForViewer } from './calling-rules';
import { workableStatuses, type LeadListQuery } from './lead-schema';
import { toCallJson, type CallJson, type CallRow } from '../calls/call-json';
import type { LeadItem } from './lead-item';
import { inScope, leadScope, scopeCondition } from './scope';
import { phoneDisplay } from './phone-display';

export type { LeadItem };

interface LeadRow {
  id: string;
  first_name: string;
  last_name: string;
  company: string | null;
  phone: string;
  email: string | null;
  timezone: string;
  status: string;
  priority: number;
  score: number;
  next_call_at: Date | string | null;
  last_called_at: Date | string | null;
  matched_on: string[] | null;
}

interface QueueRow extends LeadRow {
  k1: number;
  k2: number;
  /** Last called time as ISO 8601, or "-infinity" for never: the cursor hands it back to the database as is. */
  k5: string;
}

type Cursor = [number, number, number, number, string, string];

function encodeCursor(row: QueueRow): string {
  const key: Cursor = [row.k1, row.k2, row.priority, -row.score, row.k5, row.id];
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const isInt4 = (value: unknown) => Number.isInteger(value) && Math.abs(value as number) <= 2_147_483_647;
const isUuid = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

function decodeCursor(cursor: string): Cursor {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    // Exactly what the query casts each part to: four int4s, a timestamptz (ISO 8601 as it went out, or -infinity), a uuid.
    if (Array.isArray(key) && key.length === 6 && key.slice(0, 4).every(isInt4) && (key[4] === '-infinity' || isTimestamptz(key[4])) && isUuid(key[5])) return key;
  } catch {
    // fall through
  }
  throw new ApiError('unprocessable_entity', 'Invalid cursor: pass back the nextCursor of the previous page.', { issues: [{ path: 'cursor', message: 'is not a cursor from this API' }] });
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Search terms: a query that looks like a phone number matches phone digits
 * whatever the formatting; otherwise every word must match a name, company
 * or email (and digit runs also the phone). ILIKE '%…%' uses the trigram indexes.
 */
export function searchFilter(q: string): { where: Prisma.Sql; matched: Prisma.Sql } {
  const digits = q.replace(/\D/g, '');
  if (/^[\d\s()+.\-/]+$/.test(q) && digits.length >= 3) {
    return { where: Prisma.sql`l.phone LIKE ${`%${digits}%`}`, matched: Prisma.sql`ARRAY['phone']` };
  }
  const words = q.split(/\s+/).filter(Boolean).slice(0, 5);
  const clauses = words.map((word) => {
    const pattern = `%${escapeLike(word)}%`;
    const wordDigits = word.replace(/\D/g, '');
    const phone = wordDigits.length >= 3 ? Prisma.sql` OR l.phone LIKE ${`%${wordDigits}%`}` : Prisma.empty;
    return Prisma.sql`(l.first_name ILIKE ${pattern} OR l.last_name ILIKE ${pattern} OR l.company ILIKE ${pattern} OR l.email ILIKE ${pattern}${phone})`;
  });
  const first = `%${escapeLike(words[0])}%`;
  const matched = Prisma.sql`array_remove(ARRAY[
      CASE WHEN l.first_name ILIKE ${first} OR l.last_name ILIKE ${first} OR (l.first_name || ' ' || l.last_name) ILIKE ${`%${escapeLike(q)}%`} THEN 'name' END,
      CASE WHEN l.company ILIKE ${first} THEN 'company' END,
      CASE WHEN l.email ILIKE ${first} THEN 'email' END,
      CASE WHEN l.phone LIKE ${`%${first.replace(/\D/g, '') || '-'}%`} THEN 'phone' END], NULL)`;
  return { where: Prisma.join(clauses, ' AND '), matched };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A lead as cached: everything but what depends on the moment it is shown. */
type CachedItem = Omit<LeadItem, 'localTime'>;

function leadFields(row: LeadRow): Omit<CachedItem, 'due' | 'inCallingHours'> {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    phone: row.phone,
    phoneDisplay: phoneDisplay(row.phone),
    email: row.email,
    timezone: row.timezone,
    status: row.status,
    priority: row.priority,
    score: row.score,
    nextCallAt: iso(row.next_call_at),
    lastCalledAt: iso(row.last_called_at),
    ...(row.matched_on ? { matchedOn: row.matched_on } : {}),
  };
}

const toCachedItem = (row: LeadRow, due: boolean, inCallingHours: boolean): CachedItem => ({ ...leadFields(row), due, inCallingHours });

function withLocalTime<T extends CachedItem>(item: T, at: Date): T & LeadItem {
  rememberZone(item.timezone);
  return { ...item, localTime: localTime(item.timezone, at) };
}

/**
 * Cached queue pages are keyed by the minute: calling hours change on the hour (or half hour), so a page
 * is at most a minute behind the clock; due times and reservations are read at query time.
 */
const currentMinute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();

type QueuePage = { items: CachedItem[]; nextCursor: string | null };

/**
 * The queue offers a lead only when it is due: never before its retry time (a null next call is due now),
 * never once its attempts are used up or a closing outcome closed it. A search (`q`) finds any lead in
 * scope but do-not-call, whatever its status or next call: the agent looking up the lead on the line
 * must find it; the queue just does not offer it.
 */
const OUT_OF_QUEUE = ['DO_NOT_CALL', 'ATTEMPTS_USED_UP', 'CLOSED'];

async function queryQueue(viewerId: string, role: Viewer['role'], query: LeadListQuery, minute: string): Promise<QueuePage> {
  const at = new Date(minute);
  const viewer = { id: viewerId, role };
  // The viewer's team rules are read inside the cached page: an update invalidates the team's queues.
  const [scope, rules] = await Promise.all([leadScope(viewer), rulesForViewer(viewer)]);
  const zones = splitSeenZones(at, rules);
  const search = query.q ? searchFilter(query.q) : null;
  const statuses = query.status ? [query.status] : query.q ? null : [...workableStatuses];
  const conditions: Prisma.Sql[] = [
    search ? Prisma.sql`l.status <> 'DO_NOT_CALL'` : Prisma.sql`l.status <> ALL(${OUT_OF_QUEUE}::"LeadStatus"[])`,
    Prisma.sql`(l.reserved_by_id IS NULL OR l.reserved_until < now() OR l.reserved_by_id = ${viewerId}::uuid)`,
  ];
  conditions.push(scopeCondition(scope));
  if (statuses) conditions.push(Prisma.sql`l.status = ANY(${statuses}::"LeadStatus"[])`);
  if (search) conditions.push(search.where);
  else conditions.push(Prisma.sql`(l.next_call_at IS NULL OR l.next_call_at <= now())`);

  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const after = cursor
    ? Prisma.sql`WHERE (k1, k2, priority, -score, k5, id) > (${cursor[0]}::int, ${cursor[1]}::int, ${cursor[2]}::int, ${cursor[3]}::int, ${cursor[4]}::timestamptz, ${cursor[5]}::uuid)`
    : Prisma.empty;
  const local = Prisma.sql`${at}::timestamptz AT TIME ZONE l.timezone`;
  const inWindow = Prisma.sql`(extract(hour FROM ${local}) >= ${rules.startHour} AND extract(hour FROM ${local}) < ${rules.endHour}
                   AND extract(isodow FROM ${local})::int = ANY(${rules.days}::int[]))`;

  // The sort key comes from the columns of leads_queue_idx alone (an index-only scan over the
  // agent's leads); only the page's rows are then read from the table.
  const rows = await db.$queryRaw<QueueRow[]>`
    WITH keyed AS (
      SELECT l.id, l.priority, l.score,
             CASE WHEN l.timezone = ANY(${zones.inside}::text[]) THEN 0
                  WHEN l.timezone = ANY(${zones.outside}::text[]) THEN 1
                  ELSE (NOT ${inWindow})::int END AS k1,
             (NOT coalesce(l.next_call_at <= now(), false))::int AS k2,
             coalesce(l.last_called_at, '-infinity'::timestamptz) AS k5
        FROM leads l
       WHERE ${Prisma.join(conditions, ' AND ')}
    ), page AS (
      SELECT * FROM keyed ${after}
       ORDER BY k1, k2, priority, -score, k5, id
       LIMIT ${query.limit + 1}
    )
    SELECT p.k1, p.k2, to_json(p.k5) #>> '{}' AS k5, l.id, l.first_name, l.last_name, l.company, l.phone, l.email, l.timezone, l.status::text AS status,
           l.priority, l.score, l.next_call_at, l.last_called_at,
           ${search ? search.matched : Prisma.sql`NULL::text[]`} AS matched_on
      FROM page p JOIN leads l ON l.id = p.id
     ORDER BY p.k1, p.k2, p.priority, -p.score, p.k5, p.id`;

  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => toCachedItem(row, row.k2 === 0, row.k1 === 0)),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

/** Queue pages through the data cache; search results do not, as terms rarely repeat (a cache write per search cost more than it saved in `npm run bench`). */
const cachedQueue = cached('leads.queue', queryQueue, {
  // A manager's queue holds the team's and unassigned leads, and changes with who is on the team.
  tags: (viewerId, role) => (role === 'AGENT' ? [cacheTags.queue(viewerId), cacheTags.allLeads] : [cacheTags.teamLeads, cacheTags.allLeads, cacheTags.team]),
  revalidate: 60,
});

/**
 * The queue (or search results) for a viewer, in working order: due callbacks
 * and retries first, then priority, score, least recently called; leads outside
 * the team's calling window and days sink to the bottom; leads not due yet,
 * closed or out of attempts are not offered (search still finds them);
 * do-not-call never appears; leads reserved by someone else are skipped.
 * Keyset-paginated on the sort key.
 */
export async function getLeadQueue(viewer: Viewer, query: LeadListQuery): Promise<{ items: LeadItem[]; nextCursor: string | null }> {
  const page = await (query.q ? queryQueue : cachedQueue)(viewer.id, viewer.role, query, currentMinute());
  const now = new Date();
  return { items: page.items.map((item) => withLocalTime(item, now)), nextCursor: page.nextCursor };
}

export interface LeadDetail extends LeadItem {
  source: string | null;
  notes: string | null;
  ownerId: string | null;
  calls: CallJson[];
}

type CachedLead = Omit<LeadDetail, 'localTime' | 'due' | 'inCallingHours'>;

/** One lead with its call history (newest first) in a single query. */
const loadLead = cached(
  'leads.detail',
  async (id: string): Promise<CachedLead | null> => {
    const [row] = await db.$queryRaw<(LeadRow & { source: string | null; notes: string | null; owner_id: string | null; calls: CallRow[] })[]>`
      SELECT l.id, l.first_name, l.last_name, l.company, l.phone, l.email, l.timezone, l.status::text AS status, l.priority, l.score,
             l.next_call_at, l.last_called_at, l.source, l.notes, l.owner_id, NULL::text[] AS matched_on,
             coalesce((SELECT json_agg(c ORDER BY c.started_at DESC) FROM (
                SELECT id, client_id, lead_id, agent_id, started_at, duration_sec, outcome, engagement, notes, callback_at, recorded_offline, created_at
                  FROM calls WHERE lead_id = l.id ORDER BY started_at DESC LIMIT 100) c), '[]'::json) AS calls
        FROM leads l
       WHERE l.id = ${id}::uuid`;
    if (!row) return null;
    return { ...leadFields(row), source: row.source, notes: row.notes, ownerId: row.owner_id, calls: row.calls.map(toCallJson) };
  },
  { tags: (id) => [cacheTags.lead(id), cacheTags.allLeads], revalidate: 300 },
);

/** One lead with its call history; 404 when the viewer may not see it (another agent's lead looks like no lead). */
export async function getLeadDetail(viewer: Viewer, id: string): Promise<LeadDetail> {
  // The calling window is the owner's team's: the viewer's own for every lead they may see but an admin's
  // view of an agent's lead, so it is read alongside the lead.
  const [lead, viewerRules] = await Promise.all([loadLead(id), rulesForViewer(viewer)]);
  if (!lead || !inScope(await leadScope(viewer), lead.ownerId)) throw new ApiError('not_found', 'No such lead, or it is not yours.');
  const rules = lead.ownerId === null || viewer.role !== 'ADMIN' ? viewerRules : await rulesForAgent(lead.ownerId);
  const now = new Date();
  return withLocalTime(
    {
      ...lead,
      due: lead.nextCallAt !== null && Date.parse(lead.nextCallAt) <= now.getTime(),
      inCallingHours: isInCallingHours(lead.timezone, now, rules) ?? false,
    },
    now,
  );
}
