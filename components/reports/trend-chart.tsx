import type { VitalName } from '@/lib/budgets';
import { perfBudgets } from '@/lib/budgets';
import { formatVital } from '@/lib/rum/format';

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { top: 8, right: 8, bottom: 18, left: 8 };

export interface TrendPoint {
  day: string;
  p75: number | null;
}

/**
 * A metric's daily p75 as a server-rendered SVG line, with the good and poor
 * thresholds dashed behind it. Days below the sample minimum are gaps, not
 * zeros. No chart library reaches the browser.
 */
export function TrendChart({ metric, days, points }: { metric: VitalName; days: string[]; points: TrendPoint[] }) {
  const { good, poor } = perfBudgets.vitals[metric];
  const byDay = new Map(points.map((point) => [point.day, point.p75]));
  const values = days.map((day) => byDay.get(day) ?? null);
  const known = values.filter((value): value is number => value !== null);
  const yMax = Math.max(...known, good) * 1.15;
  const x = (index: number) => PAD.left + (days.length <= 1 ? 0 : (index / (days.length - 1)) * (WIDTH - PAD.left - PAD.right));
  const y = (value: number) => PAD.top + (1 - value / yMax) * (HEIGHT - PAD.top - PAD.bottom);

  // Consecutive days with data form one line; a day without enough data breaks it.
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${x(index).toFixed(1)},${y(value).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));

  const last = [...values].reverse().find((value) => value !== null) ?? null;
  const label = known.length
    ? `${metric} p75 by day, ${days[0]} to ${days.at(-1)}: lowest ${formatVital(metric, Math.min(...known))}, highest ${formatVital(metric, Math.max(...known))}, latest ${formatVital(metric, last)}. ${known.length} of ${days.length} days have enough samples.`
    : `${metric} p75 by day: no day has enough samples.`;

  return (
    <figure className="rounded-lg border border-slate-200 p-3">
      <figcaption className="flex items-baseline justify-between text-sm">
        <span className="font-medium text-ink-900">{metric}</span>
        <span className="text-ink-500">{known.length ? `latest ${formatVital(metric, last)}` : 'not enough data'}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="mt-2 h-auto w-full">
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(good)} y2={y(good)} className="stroke-emerald-600" strokeDasharray="4 3" strokeWidth="1" />
        {poor < yMax ? <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(poor)} y2={y(poor)} className="stroke-red-600" strokeDasharray="4 3" strokeWidth="1" /> : null}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="stroke-slate-300" strokeWidth="1" />
        {segments.map((points) =>
          points.includes(' ') ? (
            <polyline key={points} points={points} fill="none" className="stroke-brand-600" strokeWidth="2" strokeLinejoin="round" />
          ) : (
            <circle key={points} cx={points.split(',')[0]} cy={points.split(',')[1]} r="2.5" className="fill-brand-600" />
          ),
        )}
        <text x={PAD.left} y={HEIGHT - 4} className="fill-ink-500 text-[10px]">{days[0]}</text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end" className="fill-ink-500 text-[10px]">{days.at(-1)}</text>
      </svg>
    </figure>
  );
}
