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
 */
import 'server-only';
import { cached, cacheTags } from '../cache';
import { db } from '../db/client';

export const CONNECT_OUTCOMES = ['CONNECTED', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL'] as const;
const OUTCOMES = ['CONNECTED', 'NO_ANSWER', 'VOICEMAIL', 'BUSY', 'WRONG_NUMBER', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL'] as const;

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

const connects = [...CONNECT_OUTCOMES];

async function loadTotals({ from, to, agentIds }: CallReportQuery): Promise<Pick<CallReport, 'totals' | 'byOutcome'>> {
  const outcomes = await db.$queryRaw<{ outcome: string; n: number; talk: bigint | null; engagement_sum: bigint | null; engagement_n: number }[]>`
    SELECT outcome::text AS outcome, count(*)::int AS n, sum(duration_sec)::bigint AS talk,
           sum(engagement)::bigint AS engagement_sum, count(engagement)::int AS engagement_n
      FROM calls_all WHERE started_at >= ${from}::timestamptz AND started_at < ${to}::timestamptz AND agent_id = ANY(${agentIds}::uuid[])
     GROUP BY outcome`;
  const byOutcome = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, outcomes.find((row) => row.outcome === outcome)?.n ?? 0]));
  const calls = outcomes.reduce((sum, row) => sum + row.n, 0);
  const connected = outcomes.filter((row) => (CONNECT_OUTCOMES as readonly string[]).includes(row.outcome));
  const connectCount = connected.reduce((sum, row) => sum + row.n, 0);
  const talk = connected.reduce((sum, row) => sum + Number(row.talk ?? 0), 0);
  const engagementN = outcomes.reduce((sum, row) => sum + row.engagement_n, 0);
  const engagementSum = outcomes.reduce((sum, row) => sum + Number(row.engagement_sum ?? 0), 0);
  return {
    totals: {
      calls,
      connects: connectCount,
      connectRate: rate(connectCount, calls),
      avgDurationSec: connectCount ? Math.round((talk / connectCount) * 10) / 10 : null,
      avgEngagement: engagementN ? Math.round((engagementSum / engagementN) * 10) / 10 : null,
      qualified: byOutcome.QUALIFIED,
    },
    byOutcome,
  };
}

async function loadTimes({ from, to, agentIds, timeZone }: CallReportQuery): Promise<Pick<CallReport, 'byHour' | 'byDay'>> {
  const hours = await db.$queryRaw<{ local_hour: Date; n: number; connects: number }[]>`
    SELECT date_trunc('hour', started_at AT TIME ZONE ${timeZone}) AS local_hour, count(*)::int AS n,
           count(*) FILTER (WHERE outcome::text = ANY(${connects}))::int AS connects
      FROM calls_all WHERE started_at >= ${from}::timestamptz AND started_at < ${to}::timestamptz AND agent_id = ANY(${agentIds}::uuid[])
     GROUP BY 1`;
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

async function loadAgents({ from, to, agentIds }: CallReportQuery): Promise<CallReport['byAgent']> {
  const agents = await db.$queryRaw<{ agent_id: string; name: string; n: number; connects: number; talk: bigint | null; qualified: number; hours: number }[]>`
    SELECT c.agent_id, u.name, count(*)::int AS n,
           count(*) FILTER (WHERE c.outcome::text = ANY(${connects}))::int AS connects,
           sum(c.duration_sec) FILTER (WHERE c.outcome::text = ANY(${connects}))::bigint AS talk,
           count(*) FILTER (WHERE c.outcome = 'QUALIFIED')::int AS qualified,
           count(DISTINCT date_trunc('hour', c.started_at))::int AS hours
      FROM calls_all c JOIN users u ON u.id = c.agent_id
     WHERE c.started_at >= ${from}::timestamptz AND c.started_at < ${to}::timestamptz AND c.agent_id = ANY(${agentIds}::uuid[])
     GROUP BY c.agent_id, u.name`;
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

async function loadHeatmap({ from, to, agentIds }: CallReportQuery): Promise<CallReport['heatmap']> {
  const heat = await db.$queryRaw<{ weekday: number; hour: number; n: number; connects: number }[]>`
    SELECT extract(isodow FROM c.started_at AT TIME ZONE coalesce(l.timezone, 'UTC'))::int AS weekday,
           extract(hour FROM c.started_at AT TIME ZONE coalesce(l.timezone, 'UTC'))::int AS hour,
           count(*)::int AS n, count(*) FILTER (WHERE c.outcome::text = ANY(${connects}))::int AS connects
      FROM calls_all c LEFT JOIN leads l ON l.id = c.lead_id
     WHERE c.started_at >= ${from}::timestamptz AND c.started_at < ${to}::timestamptz AND c.agent_id = ANY(${agentIds}::uuid[])
     GROUP BY 1, 2`;
  return heat
    .map((row) => ({ weekday: row.weekday, hour: row.hour, calls: row.n, connects: row.connects, connectRate: rate(row.connects, row.n) }))
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
