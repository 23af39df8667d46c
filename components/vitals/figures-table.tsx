import { rateVital, vitalNames } from '@/lib/platform/budgets';
import { formatVital } from '@/lib/vitals/format';
import type { FiguresRow } from '@/lib/vitals/vitals-page';
import type { MetricFigures } from '@/lib/vitals/vitals-report';
import { RATING_TEXT } from './rating';

/** One metric's p75 in a table, in its rating's colour; "not enough data" with the sample count below the minimum. */
export function FigureCell({ figures }: { figures?: MetricFigures }) {
  if (!figures || !figures.enoughData) {
    return <td className="py-2 pr-3 text-right text-xs text-ink-500">{figures?.count ? `not enough data (${figures.count})` : '–'}</td>;
  }
  const rating = rateVital(figures.metric, figures.p75!);
  return <td className={`py-2 pr-3 text-right tabular-nums ${RATING_TEXT[rating]}`}>{formatVital(figures.metric, figures.p75)}</td>;
}

/** Each row's p75 of every metric (the device classes). */
export function FiguresTable({ rows, keyLabel }: { rows: FiguresRow[]; keyLabel: string }) {
  if (rows.length === 0) return <p className="mt-2 text-ink-500">No samples in this range.</p>;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <thead className="border-b border-slate-200 text-ink-500">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              {keyLabel}
            </th>
            {vitalNames.map((metric) => (
              <th key={metric} scope="col" className="py-2 pr-3 text-right font-medium">
                {metric}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="border-b border-slate-100">
              <th scope="row" className="py-2 pr-3 font-normal capitalize">
                {row.key}
              </th>
              {vitalNames.map((metric) => (
                <FigureCell key={metric} figures={row.figures.get(metric)} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
