'use client';

import useSWRInfinite from 'swr/infinite';
import type { LeadItem } from '@/lib/leads/lead-item';

export interface LeadPage {
  items: LeadItem[];
  nextCursor: string | null;
}

async function fetchPage(url: string): Promise<LeadPage> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (response.status === 401) throw Object.assign(new Error('You are signed out.'), { status: 401 });
  if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${response.status}`);
  return response.json() as Promise<LeadPage>;
}

/** The queue, or search results for `q`, page by page (keyset cursors). */
export function useLeadQueue(q: string, firstPage?: LeadPage) {
  const { data, error, isLoading, isValidating, size, setSize } = useSWRInfinite<LeadPage>(
    (index, previous: LeadPage | null) => {
      if (previous && !previous.nextCursor) return null;
      const params = new URLSearchParams({ limit: '50' });
      if (q) params.set('q', q);
      if (index > 0 && previous?.nextCursor) params.set('cursor', previous.nextCursor);
      return `/api/leads?${params}`;
    },
    fetchPage,
    {
      fallbackData: !q && firstPage ? [firstPage] : undefined,
      // The server just rendered the first page: do not fetch it again on mount (a second full render of the list).
      revalidateIfStale: false,
      revalidateFirstPage: false,
      revalidateOnFocus: false,
      keepPreviousData: true,
    },
  );
  const pages = data ?? [];
  return {
    data: pages.flatMap((page) => page.items),
    error: error as Error | undefined,
    isLoading,
    isValidating,
    isLoadingMore: isValidating && size > pages.length,
    hasMore: pages.length === 0 || pages[pages.length - 1].nextCursor !== null,
    loadMore: () => setSize(size + 1),
  };
}
