import type { Rating } from '@/lib/platform/budgets';

/** The colour a figure is written in, by its rating against the budget file's thresholds. */
export const RATING_TEXT: Record<Rating, string> = {
  good: 'text-emerald-700',
  'needs-improvement': 'text-amber-700',
  poor: 'text-red-700',
};
export const RATING_LABEL: Record<Rating, string> = { good: 'Good', 'needs-improvement': 'Needs improvement', poor: 'Poor' };
