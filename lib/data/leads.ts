/**
 * Lead reads for agents and managers. Authorization is part of every query:
 * an agent sees only leads they own; managers and admins see all.
 */
import 'server-only';
import { ApiError } from '../api/errors';
import { db } from '../db/client';
import { Prisma } from '../db/generated/client';
import type { Viewer } from '../auth/viewer';
import { isManager } from '../auth/viewer';
import { callingHours } from '../leads/calling-hours';
import { workableStatuses, type LeadListQuery } from '../validations/lead';
import { toCallJson, type CallRow } from '../calls/call-json';
import type { LeadItem } from './lead-item';

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
  next_call_at: Date | null;
  last_called_at: Date | null;
  due: boolean;
  in_hours: boolean;
  local_time: string;
  matched_on: string[] | null;
  k1: number;
  k2: number;
  k5: Date;
}

type Cursor = [number, number, number, number, string, string];

function encodeCursor(row: LeadRow): string {
  const key: Cursor = [row.k1, row.k2, row.priority, -row.score, row.k5.toISOString(), row.id];
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (Array.isArray(key) && key.length === 6 && key.slice(0, 4).every(Number.isFinite) && !Number.isNaN(Date.parse(key[4]))) return key;
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
function searchFilter(q: string): { where: Prisma.Sql; matched: Prisma.Sql } {
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

function toItem(row: LeadRow): LeadItem {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    phone: row.phone,
    email: row.email,
    timezone: row.timezone,
    status: row.status,
    priority: row.priority,
    score: row.score,
    nextCallAt: row.next_call_at?.toISOString() ?? null,
    lastCalledAt: row.last_called_at?.toISOString() ?? null,
    due: row.due,
    inCallingHours: row.in_hours,
    localTime: row.local_time,
    ...(row.matched_on ? { matchedOn: row.matched_on } : {}),
  };
}

/**
 * The queue (or search results) for a viewer, in working order: due callbacks
 * first, then priority, score, least recently called; leads outside calling
 * hours sink to the bottom; do-not-call never appears; leads reserved by
 * someone else are skipped. Keyset-paginated on the sort key.
 */
export async function getLeadQueue(viewer: Viewer, query: LeadListQuery): Promise<{ items: LeadItem[]; nextCursor: string | null }> {
  const { start, end } = callingHours();
  const search = query.q ? searchFilter(query.q) : null;
  const statuses = query.status ? [query.status] : query.q ? null : [...workableStatuses];
  const conditions: Prisma.Sql[] = [
    Prisma.sql`l.status <> 'DO_NOT_CALL'`,
    Prisma.sql`(l.reserved_by_id IS NULL OR l.reserved_until < now() OR l.reserved_by_id = ${viewer.id}::uuid)`,
  ];
  if (!isManager(viewer)) conditions.push(Prisma.sql`l.owner_id = ${viewer.id}::uuid`);
  if (statuses) conditions.push(Prisma.sql`l.status::text = ANY(${statuses})`);
  if (search) conditions.push(search.where);

  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const after = cursor
    ? Prisma.sql`WHERE (k1, k2, priority, -score, k5, id) > (${cursor[0]}::int, ${cursor[1]}::int, ${cursor[2]}::int, ${cursor[3]}::int, ${cursor[4]}::timestamptz, ${cursor[5]}::uuid)`
    : Prisma.empty;

  const rows = await db.$queryRaw<LeadRow[]>`
    WITH visible AS (
      SELECT l.id, l.first_name, l.last_name, l.company, l.phone, l.email, l.timezone, l.status::text AS status,
             l.priority, l.score, l.next_call_at, l.last_called_at,
             (l.next_call_at IS NOT NULL AND l.next_call_at <= now()) AS due,
             (extract(hour FROM now() AT TIME ZONE l.timezone) >= ${start} AND extract(hour FROM now() AT TIME ZONE l.timezone) < ${end}) AS in_hours,
             to_char(now() AT TIME ZONE l.timezone, 'HH24:MI') AS local_time,
             ${search ? search.matched : Prisma.sql`NULL::text[]`} AS matched_on
        FROM leads l
       WHERE ${Prisma.join(conditions, ' AND ')}
    ), keyed AS (
      SELECT *, (NOT in_hours)::int AS k1, (NOT due)::int AS k2, coalesce(last_called_at, '-infinity'::timestamptz) AS k5 FROM visible
    )
    SELECT * FROM keyed ${after}
     ORDER BY k1, k2, priority, -score, k5, id
     LIMIT ${query.limit + 1}`;

  const page = rows.slice(0, query.limit);
  return { items: page.map(toItem), nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null };
}

export interface LeadDetail extends LeadItem {
  source: string | null;
  notes: string | null;
  ownerId: string | null;
  calls: ReturnType<typeof toCallJson>[];
}

/** One lead with its call history (newest first) in a single query; 404 when the viewer may not see it. */
export async function getLeadDetail(viewer: Viewer, id: string): Promise<LeadDetail> {
  const { start, end } = callingHours();
  const owner = isManager(viewer) ? Prisma.empty : Prisma.sql`AND l.owner_id = ${viewer.id}::uuid`;
  const [row] = await db.$queryRaw<(LeadRow & { source: string | null; notes: string | null; owner_id: string | null; calls: CallRow[] })[]>`
    SELECT l.id, l.first_name, l.last_name, l.company, l.phone, l.email, l.timezone, l.status::text AS status, l.priority, l.score,
           l.next_call_at, l.last_called_at, l.source, l.notes, l.owner_id,
           (l.next_call_at IS NOT NULL AND l.next_call_at <= now()) AS due,
           (extract(hour FROM now() AT TIME ZONE l.timezone) >= ${start} AND extract(hour FROM now() AT TIME ZONE l.timezone) < ${end}) AS in_hours,
           to_char(now() AT TIME ZONE l.timezone, 'HH24:MI') AS local_time,
           NULL::text[] AS matched_on,
           coalesce((SELECT json_agg(c ORDER BY c.started_at DESC) FROM (
              SELECT id, client_id, lead_id, agent_id, started_at, duration_sec, outcome, engagement, notes, callback_at, recorded_offline, created_at
                FROM calls WHERE lead_id = l.id ORDER BY started_at DESC LIMIT 100) c), '[]'::json) AS calls
      FROM leads l
     WHERE l.id = ${id}::uuid ${owner}`;
  if (!row) throw new ApiError('not_found', 'No such lead, or it is not yours.');
  return { ...toItem(row), source: row.source, notes: row.notes, ownerId: row.owner_id, calls: row.calls.map(toCallJson) };
}
