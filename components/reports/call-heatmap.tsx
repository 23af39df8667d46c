import { getCallHeatmap, type CallReportQuery } from '@/lib/reports/call-report';
import { formatPercent } from '@/lib/reports/format';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The connect rate by weekday and hour in each lead's local time: the best time to call. */
export async function CallHeatmap({ query }: { query: CallReportQuery }) {
  const cells = await getCallHeatmap(query);
  const byKey = new Map(cells.map((cell) => [`${cell.weekday}:${cell.hour}`, cell]));
  const best = cells.filter((cell) => cell.calls >= 20).sort((a, b) => (b.connectRate ?? 0) - (a.connectRate ?? 0))[0];
  return (
    <section aria-labelledby="heat-title" className="h-[26rem] overflow-hidden rounded-lg border border-slate-200 p-3 [contain-intrinsic-size:auto_26rem] [content-visibility:auto]">
      <h2 id="heat-title" className="text-sm font-medium">Best time to call (connect rate, lead&rsquo;s local time)</h2>
      <p className="text-xs text-ink-500">{best ? `Best: ${WEEKDAYS[best.weekday - 1]} ${best.hour}:00, ${formatPercent(best.connectRate)} of ${best.calls} calls.` : 'Not enough calls yet.'}</p>
      <svg viewBox="0 0 250 80" role="img" aria-label={best ? `Connect rate by weekday and hour; best ${WEEKDAYS[best.weekday - 1]} ${best.hour}:00 at ${formatPercent(best.connectRate)}.` : 'Connect rate by weekday and hour: not enough calls.'} className="mt-2 w-full">
        {WEEKDAYS.map((day, d) => (
          <g key={day}>
            <text x="0" y={d * 10 + 8} className="fill-ink-500 text-[6px]">{day}</text>
            {Array.from({ length: 24 }, (_, hour) => {
              const cell = byKey.get(`${d + 1}:${hour}`);
              const opacity = cell?.connectRate ? 0.15 + cell.connectRate * 0.85 : 0;
              return (
                <rect key={hour} x={18 + hour * 9.5} y={d * 10} width="9" height="9" className={cell ? 'fill-emerald-600' : 'fill-slate-100'} fillOpacity={cell ? opacity : 1}>
                  <title>{`${day} ${hour}:00 — ${cell ? `${formatPercent(cell.connectRate)} of ${cell.calls} calls` : 'no calls'}`}</title>
                </rect>
              );
            })}
          </g>
        ))}
      </svg>
    </section>
  );
}
