/**
 * Lead reads for agents and managers. Authorization is part of every query:
 * an agent sees only leads they own; managers and admins see all.
 */
import 'server-only';
import { expressionBuilder, sql, type Expression, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import { ApiError } from '../platform/http/errors';
import { isTimestamptz } from '../platform/validation/timestamptz';
import { db } from '../platform/db/client';
import type { Lead } from '../platform/db/generated/kysely';
import type { Viewer } from '../platform/auth/viewer';
import { cached, cacheTags } from '../platform/cache';
import { isInCallingHours, localTime, rememberZone, splitSeenZones } from './calling-hours';
import { rulesForAgent, rulesForViewer } from './calling-rules';
import { workableStatuses, type LeadListQuery } from './lead-schema';
import { callColumns, toCallJson, type CallJson, type CallRow } from '../calls/call-json';
import type { LeadItem } from './lead-item';
import { inScope, leadScope, scopeCondition } from './scope';
import { OUT_OF_QUEUE_STATUSES } from './statuses';
import { phoneDisplay } from './phone-display';

export type { LeadItem };

/** The leads table as `l`, for conditions written outside a query. */
const l = expressionBuilder<{ l: Lead }, 'l'>();

/** The columns a lead item is made of, selected from `leads l`. */
const LEAD_COLUMNS = [
  'l.id',
  'l.first_name',
  'l.last_name',
  'l.company',
  'l.phone',
  'l.email',
  'l.timezone',
  'l.status',
  'l.priority',
  'l.score',
  'l.next_call_at',
  'l.last_called_at',
] as const;

type Unprefixed<T> = T extends `l.${infer Column}` ? Column : never;
/** A lead as selected: LEAD_COLUMNS and what a search matched. */
type LeadColumns = Pick<Selectable<Lead>, Unprefixed<(typeof LEAD_COLUMNS)[number]>> & { matched_on: string[] | null };

type Cursor = [number, number, number, number, string, string];

function encodeCursor(row: { k1: number; k2: number; priority: number; score: number; k5: string; id: string }): string {
  const key: Cursor = [row.k1, row.k2, row.priority, -row.score, row.k5, row.id];
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const isInt4 = (value: unknown) => Number.isInteger(value) && Math.abs(value as number) <= 2_147_483_647;
const isUuid = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

function decodeCursor(cursor: string): Cursor {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    // Exactly what the query casts each part to: four int4s, a timestamptz (ISO 8601 as it went out, or -infinity), a uuid.
    if (
      Array.isArray(key) &&
      key.length === 6 &&
      key.slice(0, 4).every(isInt4) &&
      (key[4] === '-infinity' || isTimestamptz(key[4])) &&
      isUuid(key[5])
    )
      return key;
  } catch {
    // fall through
  }
  throw new ApiError('unprocessable_entity', 'Invalid cursor: pass back the nextCursor of the previous page.', {
    issues: [{ path: 'cursor', message: 'is not a cursor from this API' }],
  });
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Search terms: a query that looks like a phone number matches phone digits
 * whatever the formatting; otherwise every word must match a name, company
 * or email (and digit runs also the phone). ILIKE '%…%' uses the trigram indexes.
 */
export function searchFilter(q: string): { where: Expression<SqlBool>; matched: RawBuilder<string[]> } {
  const digits = q.replace(/\D/g, '');
  if (/^[\d\s()+.\-/]+$/.test(q) && digits.length >= 3) {
    return { where: l('l.phone', 'like', `%${digits}%`), matched: sql<string[]>`ARRAY['phone']` };
  }
  const words = q.split(/\s+/).filter(Boolean).slice(0, 5);
  const clauses = words.map((word) => {
    const pattern = `%${escapeLike(word)}%`;
    const wordDigits = word.replace(/\D/g, '');
    return l.or([
      l('l.first_name', 'ilike', pattern),
      l('l.last_name', 'ilike', pattern),
      l('l.company', 'ilike', pattern),
      l('l.email', 'ilike', pattern),
      ...(wordDigits.length >= 3 ? [l('l.phone', 'like', `%${wordDigits}%`)] : []),
    ]);
  });
  const first = `%${escapeLike(words[0])}%`;
  const matched = sql<string[]>`array_remove(ARRAY[
      CASE WHEN l.first_name ILIKE ${first} OR l.last_name ILIKE ${first} OR (l.first_name || ' ' || l.last_name) ILIKE ${`%${escapeLike(q)}%`} THEN 'name' END,
      CASE WHEN l.company ILIKE ${first} THEN 'company' END,
      CASE WHEN l.email ILIKE ${first} THEN 'email' END,
      CASE WHEN l.phone LIKE ${`%${first.replace(/\D/g, '') || '-'}%`} THEN 'phone' END], NULL)`;
  return { where: l.and(clauses), matched };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A lead as cached: everything but what depends on the moment it is shown. */
type CachedItem = Omit<LeadItem, 'localTime'>;

function leadFields(row: LeadColumns): Omit<CachedItem, 'due' | 'inCallingHours'> {
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

const toCachedItem = (row: LeadColumns, due: boolean, inCallingHours: boolean): CachedItem => ({ ...leadFields(row), due, inCallingHours });

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
async function queryQueue(viewerId: string, role: Viewer['role'], query: LeadListQuery, minute: string): Promise<QueuePage> {
  const at = new Date(minute);
  const viewer = { id: viewerId, role };
  // The viewer's team rules are read inside the cached page: an update invalidates the team's queues.
  const [scope, rules] = await Promise.all([leadScope(viewer), rulesForViewer(viewer)]);
  const zones = splitSeenZones(at, rules);
  const search = query.q ? searchFilter(query.q) : null;
  const statuses = query.status ? [query.status] : query.q ? null : [...workableStatuses];
  const conditions: Expression<SqlBool>[] = [
    search ? l('l.status', '<>', 'DO_NOT_CALL') : sql<SqlBool>`l.status <> ALL(${OUT_OF_QUEUE_STATUSES}::"LeadStatus"[])`,
    sql<SqlBool>`(l.reserved_by_id IS NULL OR l.reserved_until < now() OR l.reserved_by_id = ${viewerId}::uuid)`,
    scopeCondition(scope),
  ];
  if (statuses) conditions.push(sql<SqlBool>`l.status = ANY(${statuses}::"LeadStatus"[])`);
  if (search) conditions.push(search.where);
  else conditions.push(sql<SqlBool>`(l.next_call_at IS NULL OR l.next_call_at <= now())`);

  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const local = sql`${at}::timestamptz AT TIME ZONE l.timezone`;
  const inWindow = sql<boolean>`(extract(hour FROM ${local}) >= ${rules.startHour} AND extract(hour FROM ${local}) < ${rules.endHour}
                   AND extract(isodow FROM ${local})::int = ANY(${rules.days}::int[]))`;

  // The sort key comes from the columns of leads_queue_idx alone (an index-only scan over the
  // agent's leads); only the page's rows are then read from the table.
  const rows = await db.$kysely
    .with('keyed', (q) =>
      q
        .selectFrom('leads as l')
        .select([
          'l.id',
          'l.priority',
          'l.score',
          sql<number>`CASE WHEN l.timezone = ANY(${zones.inside}::text[]) THEN 0
                           WHEN l.timezone = ANY(${zones.outside}::text[]) THEN 1
                           ELSE (NOT ${inWindow})::int END`.as('k1'),
          sql<number>`(NOT coalesce(l.next_call_at <= now(), false))::int`.as('k2'),
          sql<Date>`coalesce(l.last_called_at, '-infinity'::timestamptz)`.as('k5'),
        ])
        .where(l.and(conditions)),
    )
    .with('page', (q) =>
      q
        .selectFrom('keyed')
        .selectAll()
        .$call((page) =>
          cursor
            ? page.where(
                sql<SqlBool>`(k1, k2, priority, -score, k5, id) > (${cursor[0]}::int, ${cursor[1]}::int, ${cursor[2]}::int, ${cursor[3]}::int, ${cursor[4]}::timestamptz, ${cursor[5]}::uuid)`,
              )
            : page,
        )
        .orderBy('k1')
        .orderBy('k2')
        .orderBy('priority')
        .orderBy(sql`-score`)
        .orderBy('k5')
        .orderBy('id')
        .limit(query.limit + 1),
    )
    .selectFrom('page as p')
    .innerJoin('leads as l', 'l.id', 'p.id')
    .select([
      'p.k1',
      'p.k2',
      sql<string>`to_json(p.k5) #>> '{}'`.as('k5'),
      ...LEAD_COLUMNS,
      (search ? search.matched : sql<string[] | null>`NULL::text[]`).as('matched_on'),
    ])
    .orderBy('p.k1')
    .orderBy('p.k2')
    .orderBy('p.priority')
    .orderBy(sql`-p.score`)
    .orderBy('p.k5')
    .orderBy('p.id')
    .execute();

  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => toCachedItem(row, row.k2 === 0, row.k1 === 0)),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

/** Queue pages through the data cache; search results do not, as terms rarely repeat (a cache write per search cost more than it saved in `npm run bench`). */
const cachedQueue = cached('leads.queue', queryQueue, {
  // A manager's queue holds the team's and unassigned leads, and changes with who is on the team.
  tags: (viewerId, role) =>
    role === 'AGENT' ? [cacheTags.queue(viewerId), cacheTags.allLeads] : [cacheTags.teamLeads, cacheTags.allLeads, cacheTags.team],
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
    const row = await db.$kysely
      .selectFrom('leads as l')
      .select((eb) => {
        const latestCalls = eb
          .selectFrom('calls')
          .select(callColumns)
          .whereRef('calls.lead_id', '=', 'l.id')
          .orderBy('calls.started_at', 'desc')
          .limit(100);
        return [
          ...LEAD_COLUMNS,
          'l.source',
          'l.notes',
          'l.owner_id',
          sql<string[] | null>`NULL::text[]`.as('matched_on'),
          // The latest 100 calls as one JSON array (times as ISO strings).
          sql<CallRow[]>`coalesce((SELECT json_agg(c ORDER BY c.started_at DESC) FROM ${latestCalls} c), '[]'::json)`.as('calls'),
        ];
      })
      .where('l.id', '=', id)
      .executeTakeFirst();
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
