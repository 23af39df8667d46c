import type { VitalName } from '@/lib/platform/budgets';
import { perfBudgets } from '@/lib/platform/budgets';
import { formatVital } from '@/lib/vitals/format';
import { LineChart } from './line-chart';

export interface TrendPoint {
  day: string;
  p75: number | null;
}

/** A metric's daily p75, with its good (green) and poor (red) thresholds dashed behind it. */
export function TrendChart({ metric, days, points }: { metric: VitalName; days: string[]; points: TrendPoint[] }) {
  const { good, poor } = perfBudgets.vitals[metric];
  const byDay = new Map(points.map((point) => [point.day, point.p75]));
  return (
    <LineChart
      title={`${metric} p75 by day`}
      values={days.map((day) => byDay.get(day) ?? null)}
      firstLabel={days[0]}
      lastLabel={days.at(-1) ?? days[0]}
      lines={[{ value: good, className: 'stroke-emerald-600' }, { value: poor, className: 'stroke-red-600' }]}
      format={(value) => formatVital(metric, value)}
    />
  );
}
