import type { Dashboard } from '@/lib/reports/dashboard';

const PRESETS = [['today', 'Today'], ['7d', '7 days'], ['30d', '30 days'], ['custom', 'Custom']] as const;

/** The dashboard's filters: a plain GET form (range, custom dates, agent), so it works before any script. */
export function DashboardFilters({ dashboard: { range, from, to, agentId, team, timeZone } }: { dashboard: Dashboard }) {
  return (
    <form method="get" action="/dashboard" aria-label="Dashboard filters" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 p-3">
      <fieldset className="flex gap-2">
        <legend className="sr-only">Range</legend>
        {PRESETS.map(([value, label]) => (
          <label key={value} className={`flex min-h-11 cursor-pointer items-center rounded-md border px-3 text-sm ${range === value ? 'border-brand-600 bg-brand-50 font-medium' : 'border-slate-300'}`}>
            <input type="radio" name="range" value={value} defaultChecked={range === value} className="mr-2" />{label}
          </label>
        ))}
      </fieldset>
      <label className="text-sm text-ink-700">From<input type="date" name="from" defaultValue={from} className="mt-1 block min-h-11 rounded-md border border-slate-300 px-2 text-sm" /></label>
      <label className="text-sm text-ink-700">To<input type="date" name="to" defaultValue={to} className="mt-1 block min-h-11 rounded-md border border-slate-300 px-2 text-sm" /></label>
      <label className="text-sm text-ink-700">Agent
        <select name="agent" defaultValue={agentId ?? ''} className="mt-1 block min-h-11 rounded-md border border-slate-300 bg-white px-2 text-sm">
          <option value="">Whole team</option>
          {team.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
        </select>
      </label>
      <button type="submit" className="min-h-11 rounded-md bg-brand-600 px-4 text-sm font-medium text-white">Apply</button>
      <p className="w-full text-xs text-ink-500">&ldquo;Custom&rdquo; uses the dates (default the last 30 days). Hours and days are in {timeZone}; the heatmap is in each lead&rsquo;s own time.</p>
    </form>
  );
}
