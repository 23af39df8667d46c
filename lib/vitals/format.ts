/** How field figures read on screen: milliseconds as "180 ms" or "1.24 s", CLS as "0.052". */
import type { VitalName } from '../platform/budgets';

export function formatVital(metric: VitalName, value: number | null): string {
  if (value === null) return '–';
  if (metric === 'CLS') return value.toFixed(3);
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

export function formatShare(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}
