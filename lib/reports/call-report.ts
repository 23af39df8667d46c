/**
 * Call results for managers: totals, outcomes, calls by hour of day and by
 * day (in the manager's time zone), an agent leaderboard, and the connect
 * rate by weekday × hour in each lead's own time zone (the best time to
 * call). Live and archived calls alike (`calls_all`). Each widget family is
 * one aggregation; the four run in parallel and are cached under one tag
 * that every logged call invalidates.
 *
 * Definitions:
 * - a connect is a call someone answered: connected, callback, qualified,
 *   not interested or do-not-call;
 * - average duration and talk time count connects only (unanswered calls
 *   last seconds and would hide real conversations);
 * - hours worked are the distinct clock hours in which an agent logged at
 *   least one call, so calls per hour worked is a pace, not a shift length.
 *
 * The figures come from the hourly rollups (call-rollup.ts) for the whole
 * UTC hours of the range and from raw calls only for the partial hours at
 * either end, so a 30-day report reads a few thousand rollup rows, not
 * every call. Hours of day and days in a zone whose offset is not a whole
 * number of hours (India, Nepal, Newfoundland…) cannot be cut from UTC
 * hours; those two read raw calls.
 */
import 'server-only';
import { sql, type Expression, type SqlBool } from 'kysely';
import { cached, cacheTags } from '../platform/cache';
import { CONNECT_OUTCOMES, leadHourOfWeekOf, OUTCOMES, outcomeColumn } from '../calls/call-rollup';
import { reportDb } from '../platform/db/client';
import type { DB } from '../platform/db/generated/kysely';

export { CONNECT_OUTCOMES };

export interface CallReportQuery {
  from: Date;
  to: Date;
  /** The agents in scope (a manager's team, or everyone for an admin), already narrowed by any agent filter. */
  agentIds: string[];
  /** The manager's time zone, for hours of day and days. */
  timeZone: string;
}

export interface CallReport {
  totals: { calls: number; connects: number; connectRate: number | null; avgDurationSec: number | null; avgEngagement: number | null; qualified: number };
  byOutcome: Record<string, number>;
  byHour: { hour: number; calls: number; connects: number }[];
  byDay: { day: string; calls: number; connects: number }[];
  byAgent: { agentId: string; name: string; calls: number; connects: number; connectRate: number | null; talkSec: number; qualified: number; hoursWorked: number; callsPerHour: number | null }[];
  /** ISO weekday (1 = Monday) × hour in the lead's local time. */
  heatmap: { weekday: number; hour: number; calls: number; connects: number; connectRate: number | null }[];
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);
const HOUR_MS = 3_600_000;
/** `c.outcome` is one of a call someone answered. */
const isConnect = sql<boolean>`c.outcome IN (${sql.join(CONNECT_OUTCOMES.map((outcome) => sql.lit(outcome)))})`;
const outcomeColumns = OUTCOMES.map(outcomeColumn);
const SUMMED = ['calls', 'connects', 'talk_sec', 'engagement_sum', 'engagement_n', ...outcomeColumns] as const;
const uuids = (ids: string[]) => sql<string[]>`${ids}::uuid[]`;

/** Typed SQL on the report client, with the view over live and archived calls (same columns as `calls`; Prisma does not model views). */
const reports = () => reportDb().$kysely.withTables<{ calls_all: DB['calls'] }>();

/**
 * The UTC hours the rollups answer for [from, to): the whole hours inside it, and the current hour too
 * when the range runs to the present (the rollups are written with each call, so the hour so far is
 * exactly its calls until now). Null when there are none.
 */
function wholeHours({ from, to }: CallReportQuery, now = Date.now()): { start: Date; end: Date } | null {
  const start = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
  const end = new Date((to.getTime() >= now ? Math.ceil(to.getTime() / HOUR_MS) : Math.floor(to.getTime() / HOUR_MS)) * HOUR_MS);
  return start < end ? { start, end } : null;
}

/** Whether a zone's offset is a whole number of hours at both ends of the range (so UTC hours are its hours). */
function wholeHourZone(timeZone: string, ...at: Date[]): boolean {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  return at.every((instant) => /GMT(?:[+-]\d{2}:00)?$/.test(format.format(instant)));
}

/** Raw calls outside the rollup's whole hours (or all of the range, without it). */
function rawRange(query: CallReportQuery, hours: { start: Date; end: Date } | null): Expression<SqlBool> {
  const { from, to } = query;
  return hours
    ? sql<SqlBool>`((c.started_at >= ${from}::timestamptz AND c.started_at < ${hours.start}::timestamptz) OR (c.started_at >= ${hours.end}::timestamptz AND c.started_at < ${to}::timestamptz))`
    : sql<SqlBool>`c.started_at >= ${from}::timestamptz AND c.started_at < ${to}::timestamptz`;
}

/**
 * Per agent and UTC hour: calls, connects, talk time, engagement and each outcome's count. Rollup rows
 * for the whole hours, one row per raw call for the partial hours. With `rollup` off, every row is a
 * raw call and its `hour` is the call's exact time (for zones whose hours are not UTC hours).
 */
function agentHours(query: CallReportQuery, rollup: boolean) {
  const hours = rollup ? wholeHours(query) : null;
  const raw = reports()
    .selectFrom('calls_all as c')
    .select([
      'c.agent_id',
      (hours || rollup ? sql<Date>`date_trunc('hour', c.started_at, 'UTC')` : sql<Date>`c.started_at`).as('hour'),
      sql<number>`1`.as('calls'),
      sql<number>`(${isConnect})::int`.as('connects'),
      sql<string>`CASE WHEN ${isConnect} THEN c.duration_sec ELSE 0 END::bigint`.as('talk_sec'),
      sql<string>`coalesce(c.engagement, 0)::bigint`.as('engagement_sum'),
      sql<number>`(c.engagement IS NOT NULL)::int`.as('engagement_n'),
      ...OUTCOMES.map((outcome) => sql<number>`(c.outcome = ${sql.lit(outcome)})::int`.as(outcomeColumn(outcome))),
    ])
    .where((eb) => eb('c.agent_id', '=', eb.fn.any(uuids(query.agentIds))))
    .where(rawRange(query, hours));
  if (!hours) return raw;
  return reports()
    .selectFrom('call_hourly')
    .select(['agent_id', 'hour', 'calls', 'connects', 'talk_sec', 'engagement_sum', 'engagement_n', ...outcomeColumns])
    .where((eb) => eb('agent_id', '=', eb.fn.any(uuids(query.agentIds))))
    .where('hour', '>=', sql<Date>`${hours.start}::timestamptz`)
    .where('hour', '<', sql<Date>`${hours.end}::timestamptz`)
    .unionAll(raw);
}

async function loadTotals(query: CallReportQuery): Promise<Pick<CallReport, 'totals' | 'byOutcome'>> {
  const row = await reports()
    .selectFrom(agentHours(query, true).as('src'))
    .select(SUMMED.map((column) => sql<string | null>`sum(${sql.ref(`src.${column}`)})::bigint`.as(column)))
    .executeTakeFirst();
  const n = (column: (typeof SUMMED)[number]) => Number(row?.[column] ?? 0);
  const byOutcome = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, n(outcomeColumn(outcome))]));
  const calls = n('calls');
  const connects = n('connects');
  return {
    totals: {
      calls,
      connects,
      connectRate: rate(connects, calls),
      avgDurationSec: connects ? Math.round((n('talk_sec') / connects) * 10) / 10 : null,
      avgEngagement: n('engagement_n') ? Math.round((n('engagement_sum') / n('engagement_n')) * 10) / 10 : null,
      qualified: byOutcome.QUALIFIED,
    },
    byOutcome,
  };
}

async function loadTimes(query: CallReportQuery): Promise<Pick<CallReport, 'byHour' | 'byDay'>> {
  const rollup = wholeHourZone(query.timeZone, query.from, query.to);
  const hours = await reports()
    .selectFrom(agentHours(query, rollup).as('src'))
    .select([
      sql<Date>`date_trunc('hour', hour AT TIME ZONE ${query.timeZone})`.as('local_hour'),
      sql<number>`sum(calls)::int`.as('n'),
      sql<number>`sum(connects)::int`.as('connects'),
    ])
    .groupBy(sql`1`)
    .execute();
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, calls: 0, connects: 0 }));
  const days = new Map<string, { day: string; calls: number; connects: number }>();
  for (const row of hours) {
    // local_hour is a timestamp without time zone; the driver reads it as UTC, so its UTC fields are the local ones.
    const hour = byHour[row.local_hour.getUTCHours()];
    hour.calls += row.n;
    hour.connects += row.connects;
    const key = row.local_hour.toISOString().slice(0, 10);
    const day = days.get(key) ?? { day: key, calls: 0, connects: 0 };
    days.set(key, day);
    day.calls += row.n;
    day.connects += row.connects;
  }
  return { byHour, byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)) };
}

async function loadAgents(query: CallReportQuery): Promise<CallReport['byAgent']> {
  const agents = await reports()
    .selectFrom(agentHours(query, true).as('src'))
    .innerJoin('users as u', 'u.id', 'src.agent_id')
    .select([
      'src.agent_id',
      'u.name',
      sql<number>`sum(src.calls)::int`.as('n'),
      sql<number>`sum(src.connects)::int`.as('connects'),
      sql<string | null>`sum(src.talk_sec)::bigint`.as('talk'),
      sql<number>`sum(src.qualified)::int`.as('qualified'),
      sql<number>`count(DISTINCT src.hour)::int`.as('hours'),
    ])
    .groupBy(['src.agent_id', 'u.name'])
    .execute();
  return agents
    .map((row) => ({
      agentId: row.agent_id,
      name: row.name,
      calls: row.n,
      connects: row.connects,
      connectRate: rate(row.connects, row.n),
      talkSec: Number(row.talk ?? 0),
      qualified: row.qualified,
      hoursWorked: row.hours,
      callsPerHour: row.hours ? Math.round((row.n / row.hours) * 10) / 10 : null,
    }))
    .sort((a, b) => b.qualified - a.qualified || b.calls - a.calls || a.name.localeCompare(b.name));
}

async function loadHeatmap(query: CallReportQuery): Promise<CallReport['heatmap']> {
  const hours = wholeHours(query);
  const raw = reports()
    .selectFrom('calls_all as c')
    .leftJoin('leads as l', 'l.id', 'c.lead_id')
    .select([
      leadHourOfWeekOf(sql.ref('c.started_at'), sql`coalesce(l.timezone, 'UTC')`).as('lead_how'),
      sql<number>`1`.as('calls'),
      sql<number>`(${isConnect})::int`.as('connects'),
    ])
    .where((eb) => eb('c.agent_id', '=', eb.fn.any(uuids(query.agentIds))))
    .where(rawRange(query, hours));
  const source = hours
    ? reports()
        .selectFrom('call_heat_hourly')
        .select(['lead_how', 'calls', 'connects'])
        .where((eb) => eb('agent_id', '=', eb.fn.any(uuids(query.agentIds))))
        .where('hour', '>=', sql<Date>`${hours.start}::timestamptz`)
        .where('hour', '<', sql<Date>`${hours.end}::timestamptz`)
        .unionAll(raw)
    : raw;
  const heat = await reports()
    .selectFrom(source.as('src'))
    .select(['lead_how', sql<number>`sum(calls)::int`.as('n'), sql<number>`sum(connects)::int`.as('connects')])
    .groupBy('lead_how')
    .execute();
  return heat
    .map((row) => ({ weekday: Math.floor(row.lead_how / 24) + 1, hour: row.lead_how % 24, calls: row.n, connects: row.connects, connectRate: rate(row.connects, row.n) }))
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
}

/** Each widget family cached on its own (so each dashboard widget streams when its own figures are ready). */
const options = { tags: () => [cacheTags.callReport], revalidate: 300 };
export const getCallSummary = cached('call-report:totals', loadTotals, options);
export const getCallTimes = cached('call-report:times', loadTimes, options);
export const getAgentLeaderboard = cached('call-report:agents', loadAgents, options);
export const getCallHeatmap = cached('call-report:heatmap', loadHeatmap, options);

/** Every family at once, for the API (each read through its own cache entry). */
export async function getCallReport(query: CallReportQuery): Promise<CallReport> {
  const [totals, times, byAgent, heatmap] = await Promise.all([getCallSummary(query), getCallTimes(query), getAgentLeaderboard(query), getCallHeatmap(query)]);
  return { ...totals, ...times, byAgent, heatmap };
}
