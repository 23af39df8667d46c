/**
 * The managers' dashboard (/dashboard): its filters, read from the address, turned into the call
 * report's query over the viewer's team. A preset range (today, 7 or 30 days) ends at the current
 * minute, so its cache entries last the minute; "custom" takes the dates (default the last 30 days).
 * Hours and days are in the viewer's time zone.
 */
import 'server-only';
import type { Viewer } from '../platform/auth/viewer';
import { getTeamAgents, type TeamAgent } from '../users/team';
import type { CallReportQuery } from './call-report';
import { CallReportParams } from './call-report-schema';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export const RANGE_PRESETS = ['today', '7d', '30d', 'custom'] as const;

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export interface Dashboard {
  /** The range as asked (one of RANGE_PRESETS, or anything else, which selects none and reads as 7 days). */
  range: string;
  /** The custom dates as typed, for the form. */
  from?: string;
  to?: string;
  agentId?: string;
  /** The team's agents, deactivated ones too: their calls stay in the figures. */
  team: TeamAgent[];
  timeZone: string;
  /** The report to show, or null with the reason in `problem`. */
  query: CallReportQuery | null;
  problem: string | null;
}

/** The start of today in a time zone, as an instant. */
function startOfToday(timeZone: string, now: Date): Date {
  const local = new Date(now.toLocaleString('en-US', { timeZone }));
  return new Date(now.getTime() - (local.getHours() * 3600 + local.getMinutes() * 60 + local.getSeconds()) * 1000 - now.getMilliseconds());
}

export async function getDashboard(viewer: Viewer, params: SearchParams, now = new Date()): Promise<Dashboard> {
  const timeZone = viewer.timezone;
  const [from, to, agent] = [first(params.from), first(params.to), first(params.agent)];
  const range = first(params.range) ?? (from ? 'custom' : '7d');
  const presetFrom = range === 'today' ? startOfToday(timeZone, now) : new Date(now.getTime() - (range === '30d' ? 30 : 7) * DAY_MS);
  const parsed = CallReportParams.safeParse(
    range === 'custom'
      ? { from, to, agentId: agent }
      : {
          from: new Date(Math.floor(presetFrom.getTime() / MINUTE_MS) * MINUTE_MS).toISOString(),
          to: new Date(Math.ceil(now.getTime() / MINUTE_MS) * MINUTE_MS).toISOString(),
          agentId: agent,
        },
  );
  const team = await getTeamAgents(viewer, { includeInactive: true });
  const agentId = parsed.success ? parsed.data.agentId : undefined;
  const inTeam = !agentId || team.some((member) => member.id === agentId);
  const query: CallReportQuery | null =
    parsed.success && inTeam ? { from: parsed.data.from, to: parsed.data.to, agentIds: agentId ? [agentId] : team.map((member) => member.id), timeZone } : null;
  const problem = !parsed.success
    ? parsed.error.issues.map((issue) => `${issue.path.join('.') || 'range'} ${issue.message}`).join('; ')
    : inTeam ? null : 'That agent is not on your team';
  return { range, from, to, agentId, team, timeZone, query, problem };
}
