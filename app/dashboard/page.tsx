import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LineChart } from '@/components/reports/line-chart';
import { AppHeader } from '@/components/ui/app-header';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { getAgentLeaderboard, getCallHeatmap, getCallSummary, getCallTimes, type CallReportQuery } from '@/lib/reports/call-report';
import { db } from '@/lib/platform/db/client';
import { CallReportParams } from '@/lib/reports/call-report-schema';

export const metadata: Metadata = { title: 'Dashboard' };

const DAY_MS = 86_400_000;
const PRESETS = [['today', 'Today'], ['7d', '7 days'], ['30d', '30 days'], ['custom', 'Custom']] as const;
const OUTCOME_LABEL: Record<string, string> = {
  CONNECTED: 'Connected', NO_ANSWER: 'No answer', VOICEMAIL: 'Voicemail', BUSY: 'Busy', WRONG_NUMBER: 'Wrong number',
  CALLBACK: 'Callback', QUALIFIED: 'Qualified', NOT_INTERESTED: 'Not interested', DO_NOT_CALL: 'Do not call',
};
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)} %`);
const duration = (seconds: number | null) =>
  seconds === null ? '–'
    : seconds < 60 ? `${Math.round(seconds)} s`
      : seconds < 3600 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
        : `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;

/** The start of today in a time zone, as an instant. */
function startOfToday(timeZone: string, now = new Date()): Date {
  const local = new Date(now.toLocaleString('en-US', { timeZone }));
  return new Date(now.getTime() - (local.getHours() * 3600 + local.getMinutes() * 60 + local.getSeconds()) * 1000 - now.getMilliseconds());
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/dashboard');
  const params = await searchParams;
  const user = await db.user.findUnique({ where: { id: viewer.id }, select: { timezone: true } });
  const timeZone = user?.timezone ?? 'UTC';
  const preset = first(params.range) ?? (first(params.from) ? 'custom' : '7d');
  const now = new Date();
  const presetFrom = preset === 'today' ? startOfToday(timeZone, now) : preset === '30d' ? new Date(now.getTime() - 30 * DAY_MS) : new Date(now.getTime() - 7 * DAY_MS);
  const parsed = CallReportParams.safeParse(
    preset === 'custom'
      ? { from: first(params.from), to: first(params.to), agentId: first(params.agent) }
      // Presets end at the current minute, so their cache entries last the minute.
      : { from: new Date(Math.floor(presetFrom.getTime() / 60_000) * 60_000).toISOString(), to: new Date(Math.ceil(now.getTime() / 60_000) * 60_000).toISOString(), agentId: first(params.agent) },
  );
  const team = await db.user.findMany({
    where: { role: 'AGENT', ...(viewer.role === 'ADMIN' ? {} : { managerId: viewer.id }) },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
  const agentId = parsed.success ? parsed.data.agentId : undefined;
  const inTeam = !agentId || team.some((agent) => agent.id === agentId);
  const query: CallReportQuery | null = parsed.success && inTeam
    ? { from: parsed.data.from, to: parsed.data.to, agentIds: agentId ? [agentId] : team.map((agent) => agent.id), timeZone }
    : null;

  return (
    <>
      <AppHeader name={viewer.name} home="/dashboard" />
      <main className="mx-auto max-w-6xl px-4 py-6">
        <ManagerNav current="/dashboard" />
        <div className="mt-3 flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">Call results</h1>
          {query && (
            <a href={`/api/exports/calls?${new URLSearchParams({ from: query.from.toISOString(), to: query.to.toISOString(), ...(agentId ? { agentId } : {}) })}`} className="text-sm text-brand-700 hover:underline">
              Export these calls (CSV)
            </a>
          )}
        </div>
        <form method="get" action="/dashboard" aria-label="Dashboard filters" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 p-3">
          <fieldset className="flex gap-2">
            <legend className="sr-only">Range</legend>
            {PRESETS.map(([value, label]) => (
              <label key={value} className={`flex min-h-11 cursor-pointer items-center rounded-md border px-3 text-sm ${preset === value ? 'border-brand-600 bg-brand-50 font-medium' : 'border-slate-300'}`}>
                <input type="radio" name="range" value={value} defaultChecked={preset === value} className="mr-2" />{label}
              </label>
            ))}
          </fieldset>
          <label className="text-sm text-ink-700">From<input type="date" name="from" defaultValue={first(params.from)} className="mt-1 block min-h-11 rounded-md border border-slate-300 px-2 text-sm" /></label>
          <label className="text-sm text-ink-700">To<input type="date" name="to" defaultValue={first(params.to)} className="mt-1 block min-h-11 rounded-md border border-slate-300 px-2 text-sm" /></label>
          <label className="text-sm text-ink-700">Agent
            <select name="agent" defaultValue={agentId ?? ''} className="mt-1 block min-h-11 rounded-md border border-slate-300 bg-white px-2 text-sm">
              <option value="">Whole team</option>
              {team.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
            </select>
          </label>
          <button type="submit" className="min-h-11 rounded-md bg-brand-600 px-4 text-sm font-medium text-white">Apply</button>
          <p className="w-full text-xs text-ink-500">&ldquo;Custom&rdquo; uses the dates (default the last 30 days). Hours and days are in {timeZone}; the heatmap is in each lead&rsquo;s own time.</p>
        </form>

        {!query ? (
          <p role="alert" className="mt-6 rounded-md border border-red-200 bg-red-50 p-4 text-red-800">
            {!parsed.success ? parsed.error.issues.map((issue) => `${issue.path.join('.') || 'range'} ${issue.message}`).join('; ') : 'That agent is not on your team'}. Change the filters and apply again.
          </p>
        ) : (
          <>
            <Suspense fallback={<Skeleton className="mt-6 h-96 lg:h-64" label="Totals" />}><Totals query={query} /></Suspense>
            <div className="mt-6 grid gap-4 lg:grid-cols-2">
              <Suspense fallback={<Skeleton className="h-[26rem]" label="Calls by hour and day" />}><Times query={query} /></Suspense>
              <Suspense fallback={<Skeleton className="h-[26rem]" label="Best time to call" />}><Heatmap query={query} /></Suspense>
            </div>
            <Suspense fallback={<Skeleton className="mt-6 h-64" label="Agents" />}><Leaderboard query={query} /></Suspense>
          </>
        )}
      </main>
    </>
  );
}

function Skeleton({ className, label }: { className: string; label: string }) {
  return <div className={`animate-pulse rounded-lg bg-slate-100 ${className}`} role="status" aria-label={`Loading ${label.toLowerCase()}`} />;
}

async function Totals({ query }: { query: CallReportQuery }) {
  const { totals, byOutcome } = await getCallSummary(query);
  const tiles = [
    ['Calls', totals.calls.toLocaleString('en')],
    ['Connect rate', percent(totals.connectRate)],
    ['Avg. talk per connect', duration(totals.avgDurationSec)],
    ['Avg. engagement', totals.avgEngagement === null ? '–' : `${totals.avgEngagement} / 100`],
    ['Qualified', totals.qualified.toLocaleString('en')],
  ];
  const max = Math.max(1, ...Object.values(byOutcome));
  return (
    <section aria-label="Totals" className="mt-6 grid h-96 gap-4 overflow-hidden lg:h-64 lg:grid-cols-[2fr_1fr]">
      <dl className="grid grid-cols-2 content-start gap-3 sm:grid-cols-5">
        {tiles.map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-200 p-3">
            <dt className="text-xs text-ink-500">{label}</dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="rounded-lg border border-slate-200 p-3">
        <h2 className="text-sm font-medium">Outcomes</h2>
        <ul className="mt-2 space-y-1 text-xs">
          {Object.entries(byOutcome).map(([outcome, n]) => (
            <li key={outcome} className="grid grid-cols-[7rem_1fr_3rem] items-center gap-2">
              <span>{OUTCOME_LABEL[outcome] ?? outcome}</span>
              <span className="h-2 rounded bg-brand-600" style={{ width: `${(n / max) * 100}%` }} aria-hidden="true" />
              <span className="text-right tabular-nums">{n.toLocaleString('en')}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

async function Times({ query }: { query: CallReportQuery }) {
  const { byHour, byDay } = await getCallTimes(query);
  const max = Math.max(1, ...byHour.map((hour) => hour.calls));
  const busiest = byHour.reduce((a, b) => (b.calls > a.calls ? b : a));
  return (
    <section aria-labelledby="times-title" className="h-[26rem] overflow-hidden rounded-lg border border-slate-200 p-3 [contain-intrinsic-size:auto_26rem] [content-visibility:auto]">
      <h2 id="times-title" className="text-sm font-medium">Calls by hour of day</h2>
      <svg viewBox="0 0 240 80" role="img" aria-label={`Calls by hour of day; busiest ${busiest.hour}:00 with ${busiest.calls} calls.`} className="mt-2 h-24 w-full">
        {byHour.map((hour) => (
          <rect key={hour.hour} x={hour.hour * 10 + 1} width="8" y={70 - (hour.calls / max) * 66} height={(hour.calls / max) * 66} className="fill-brand-600" />
        ))}
        <text x="0" y="79" className="fill-ink-500 text-[7px]">0:00</text>
        <text x="120" y="79" textAnchor="middle" className="fill-ink-500 text-[7px]">12:00</text>
        <text x="240" y="79" textAnchor="end" className="fill-ink-500 text-[7px]">23:00</text>
      </svg>
      {byDay.length ? (
        <LineChart title="Calls per day" values={byDay.map((day) => day.calls)} firstLabel={byDay[0].day} lastLabel={byDay.at(-1)!.day} format={(value) => (value === null ? '0' : value.toLocaleString('en'))} />
      ) : <p className="mt-4 text-sm text-ink-500">No calls in this range.</p>}
    </section>
  );
}

async function Heatmap({ query }: { query: CallReportQuery }) {
  const cells = await getCallHeatmap(query);
  const byKey = new Map(cells.map((cell) => [`${cell.weekday}:${cell.hour}`, cell]));
  const best = cells.filter((cell) => cell.calls >= 20).sort((a, b) => (b.connectRate ?? 0) - (a.connectRate ?? 0))[0];
  return (
    <section aria-labelledby="heat-title" className="h-[26rem] overflow-hidden rounded-lg border border-slate-200 p-3 [contain-intrinsic-size:auto_26rem] [content-visibility:auto]">
      <h2 id="heat-title" className="text-sm font-medium">Best time to call (connect rate, lead&rsquo;s local time)</h2>
      <p className="text-xs text-ink-500">{best ? `Best: ${WEEKDAYS[best.weekday - 1]} ${best.hour}:00, ${percent(best.connectRate)} of ${best.calls} calls.` : 'Not enough calls yet.'}</p>
      <svg viewBox="0 0 250 80" role="img" aria-label={best ? `Connect rate by weekday and hour; best ${WEEKDAYS[best.weekday - 1]} ${best.hour}:00 at ${percent(best.connectRate)}.` : 'Connect rate by weekday and hour: not enough calls.'} className="mt-2 w-full">
        {WEEKDAYS.map((day, d) => (
          <g key={day}>
            <text x="0" y={d * 10 + 8} className="fill-ink-500 text-[6px]">{day}</text>
            {Array.from({ length: 24 }, (_, hour) => {
              const cell = byKey.get(`${d + 1}:${hour}`);
              const opacity = cell?.connectRate ? 0.15 + cell.connectRate * 0.85 : 0;
              return (
                <rect key={hour} x={18 + hour * 9.5} y={d * 10} width="9" height="9" className={cell ? 'fill-emerald-600' : 'fill-slate-100'} fillOpacity={cell ? opacity : 1}>
                  <title>{`${day} ${hour}:00 — ${cell ? `${percent(cell.connectRate)} of ${cell.calls} calls` : 'no calls'}`}</title>
                </rect>
              );
            })}
          </g>
        ))}
      </svg>
    </section>
  );
}

async function Leaderboard({ query }: { query: CallReportQuery }) {
  const agents = await getAgentLeaderboard(query);
  return (
    <section aria-labelledby="agents-title" className="mt-6 [contain-intrinsic-size:auto_32rem] [content-visibility:auto]">
      <h2 id="agents-title" className="text-lg font-semibold">Agents</h2>
      {agents.length === 0 ? <p className="mt-2 text-ink-500">No calls in this range.</p> : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <thead className="border-b border-slate-200 text-ink-500">
              <tr>{['Agent', 'Calls', 'Calls / hour worked', 'Connect rate', 'Talk time', 'Qualified'].map((heading, i) => <th key={heading} scope="col" className={`py-2 pr-3 font-medium ${i ? 'text-right' : ''}`}>{heading}</th>)}</tr>
            </thead>
            <tbody>
              {agents.map((agent) => (
                <tr key={agent.agentId} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-3 font-normal">{agent.name}</th>
                  <td className="py-2 pr-3 text-right tabular-nums">{agent.calls.toLocaleString('en')}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{agent.callsPerHour ?? '–'}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{percent(agent.connectRate)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{duration(agent.talkSec)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{agent.qualified}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
