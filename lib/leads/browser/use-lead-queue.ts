'use client';

import type { LeadItem } from '@/lib/leads/lead-item';
import { usePages, type Page } from '@/lib/platform/browser/use-pages';

export type LeadPage = Page<LeadItem>;

/** The queue, or search results for `q`, page by page (keyset cursors). */
export function useLeadQueue(q: string, firstPage?: LeadPage) {
  const params = new URLSearchParams({ limit: '50' });
  if (q) params.set('q', q);
  return usePages('/api/leads', params, q ? undefined : firstPage, { keepPreviousData: true });
}
