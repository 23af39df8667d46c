/**
 * The budget file (perf-budgets.json at the root), typed. Everything that
 * judges performance reads it through here.
 */
import budgets from '../../../perf-budgets.json';

export type VitalName = keyof typeof budgets.vitals;
export type Rating = 'good' | 'needs-improvement' | 'poor';

export const perfBudgets = budgets;
export const vitalNames = Object.keys(budgets.vitals) as VitalName[];

export function isVitalName(name: string): name is VitalName {
  return Object.hasOwn(budgets.vitals, name);
}

/** Rates a value the way web-vitals does: ≤ good is good, > poor is poor. */
export function rateVital(metric: VitalName, value: number): Rating {
  const { good, poor } = budgets.vitals[metric];
  if (value <= good) return 'good';
  return value > poor ? 'poor' : 'needs-improvement';
}

/** First-load JS budget of a route, in KB of gzip. */
export function bundleBudgetKb(route: string): number {
  const routes: Record<string, number> = budgets.bundles.routes;
  return routes[route] ?? budgets.bundles.defaultKb;
}
