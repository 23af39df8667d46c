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

async function loadCallReport(query: CallReportQuery): Promise<CallReport> {
  const { from, to, agentIds, timeZone } = query;
  const connects = [...CONNECT_OUTCOMES];
  const [outcomes, hours, agents, heat] = await Promise.all([
    db.$queryRaw<{ outcome: string; n: number; talk: bigint | null; engagement_sum: bigint | null; engagement_n: number }[]>`
      SELECT outcome::text AS outcome, count(*)::int AS n, sum(duration_sec)::bigint AS talk,
             sum(engagement)::bigint AS engagement_sum, count(engagement)::int AS engagement_n
        FROM calls_all WHERE started_at >= ${from}::timestamptz AND started_at < ${to}::timestamptz AND agent_id = ANY(${agentIds}::uuid[])
       GROUP BY outcome`,
    db.$queryRaw<{ local_hour: Date; n: number; connects: number }[]>`
      SELECT date_trunc('hour', started_at AT TIME ZONE ${timeZone}) AS local_hour, count(*)::int AS n,
             count(*) FILTER (WHERE outcome::text = ANY(${connects}))::int AS connects
        FROM calls_all WHERE started_at >= ${from}::timestamptz AND started_at < ${to}::timestamptz AND agent_id = ANY(${agentIds}::uuid[])
       GROUP BY 1`,
    db.$queryRaw<{ agent_id: string; name: string; n: number; connects: number; talk: bigint | null; qualified: number; hours: number }[]>`
      SELECT c.agent_id, u.name, count(*)::int AS n,
             count(*) FILTER (WHERE c.outcome::text = ANY(${connects}))::int AS connects,
             sum(c.duration_sec) FILTER (WHERE c.outcome::text = ANY(${connects}))::bigint AS talk,
             count(*) FILTER (WHERE c.outcome = 'QUALIFIED')::int AS qualified,
             count(DISTINCT date_trunc('hour', c.started_at))::int AS hours
        FROM calls_all c JOIN users u ON u.id = c.agent_id
       WHERE c.started_at >= ${from}::timestamptz AND c.started_at < ${to}::timestamptz AND c.agent_id = ANY(${agentIds}::uuid[])
       GROUP BY c.agent_id, u.name`,
    db.$queryRaw<{ weekday: number; hour: number; n: number; connects: number }[]>`
      SELECT extract(isodow FROM c.started_at AT TIME ZONE coalesce(l.timezone, 'UTC'))::int AS weekday,
             extract(hour FROM c.started_at AT TIME ZONE coalesce(l.timezone, 'UTC'))::int AS hour,
             count(*)::int AS n, count(*) FILTER (WHERE c.outcome::text = ANY(${connects}))::int AS connects
        FROM calls_all c LEFT JOIN leads l ON l.id = c.lead_id
       WHERE c.started_at >= ${from}::timestamptz AND c.started_at < ${to}::timestamptz AND c.agent_id = ANY(${agentIds}::uuid[])
       GROUP BY 1, 2`,
  ]);

  const byOutcome = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, outcomes.find((row) => row.outcome === outcome)?.n ?? 0]));
  const calls = outcomes.reduce((sum, row) => sum + row.n, 0);
  const connected = outcomes.filter((row) => (CONNECT_OUTCOMES as readonly string[]).includes(row.outcome));
  const connectCount = connected.reduce((sum, row) => sum + row.n, 0);
  const talk = connected.reduce((sum, row) => sum + Number(row.talk ?? 0), 0);
  const engagementN = outcomes.reduce((sum, row) => sum + row.engagement_n, 0);
  const engagementSum = outcomes.reduce((sum, row) => sum + Number(row.engagement_sum ?? 0), 0);

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
    byHour,
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    byAgent: agents
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
      .sort((a, b) => b.qualified - a.qualified || b.calls - a.calls || a.name.localeCompare(b.name)),
    heatmap: heat
      .map((row) => ({ weekday: row.weekday, hour: row.hour, calls: row.n, connects: row.connects, connectRate: rate(row.connects, row.n) }))
      .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
  };
}

/** Cached per query; every logged call expires it (tag `calls:report`). */
export const getCallReport = cached('call-report', loadCallReport, { tags: () => [cacheTags.callReport], revalidate: 300 });
