import { getCallTimes, type CallReportQuery } from '@/lib/reports/call-report';
import { LineChart } from './line-chart';

/** Calls by hour of day (bars, in the viewer's time zone) and per day (a line). */
export async function CallTimes({ query }: { query: CallReportQuery }) {
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
