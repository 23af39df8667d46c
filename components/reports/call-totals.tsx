import { outcomeLabels, type CallOutcome } from '@/lib/calls/outcomes';
import { getCallSummary, type CallReportQuery } from '@/lib/reports/call-report';
import { formatDuration, formatPercent } from '@/lib/reports/format';

/** The dashboard's totals tiles and the calls by outcome. */
export async function CallTotals({ query }: { query: CallReportQuery }) {
  const { totals, byOutcome } = await getCallSummary(query);
  const tiles = [
    ['Calls', totals.calls.toLocaleString('en')],
    ['Connect rate', formatPercent(totals.connectRate)],
    ['Avg. talk per connect', formatDuration(totals.avgDurationSec)],
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
              <span>{outcomeLabels[outcome.toLowerCase() as CallOutcome] ?? outcome}</span>
              <span className="h-2 rounded bg-brand-600" style={{ width: `${(n / max) * 100}%` }} aria-hidden="true" />
              <span className="text-right tabular-nums">{n.toLocaleString('en')}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
