import { RELATIVE_ERROR_BOUND } from '@/lib/platform/metrics/histogram';
import type { MetricFigures } from '@/lib/vitals/vitals-report';
import { FigureCell } from './figures-table';

interface ReleaseFigures {
  key: string;
  firstDay: string;
  metrics: MetricFigures[];
}

/** Each metric's p75 in this release against the previous one; a change within the histograms' error is no change. */
export function ReleaseComparison({ current, previous }: { current: ReleaseFigures; previous: ReleaseFigures }) {
  const before = new Map(previous.metrics.map((figures) => [figures.metric, figures]));
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <thead className="border-b border-slate-200 text-ink-500">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Metric
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              This release <span className="font-mono text-xs">{current.key}</span> (from {current.firstDay})
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Previous <span className="font-mono text-xs">{previous.key}</span>
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {current.metrics.map((now) => {
            const then = before.get(now.metric);
            const change = now.p75 !== null && then?.p75 ? (now.p75 - then.p75) / then.p75 : null;
            // Within one bucket's error either way is no change.
            const direction =
              change === null ? '' : Math.abs(change) <= 2 * RELATIVE_ERROR_BOUND ? 'no change' : change < 0 ? 'better' : 'worse';
            return (
              <tr key={now.metric} className="border-b border-slate-100">
                <th scope="row" className="py-2 pr-3 font-normal">
                  {now.metric}
                </th>
                <FigureCell figures={now} />
                <FigureCell figures={then} />
                <td
                  className={`py-2 pr-3 text-right tabular-nums ${direction === 'worse' ? 'text-red-700' : direction === 'better' ? 'text-emerald-700' : 'text-ink-500'}`}
                >
                  {change === null ? '–' : `${change > 0 ? '+' : ''}${Math.round(change * 100)} % ${direction}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
