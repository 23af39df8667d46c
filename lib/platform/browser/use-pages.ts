'use client';

import { useCallback } from 'react';
import useSWRInfinite from 'swr/infinite';
import { fetchJson } from './fetch-json';

/** One page of a keyset-paginated list API: its items and the cursor of the next page (null on the last). */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/**
 * A keyset-paginated list, page by page with SWR: `path?params`, then each next page with the previous
 * page's `nextCursor`. `first` is the page the server just rendered: it shows at once and is not fetched
 * again on mount or focus (that would render the whole list a second time). `loadMore` changes only when
 * the number of pages asked for does, so an effect may depend on it. Errors are fetchJson's: an
 * ApiRequestError for a refusal, fetch's TypeError without a connection.
 */
export function usePages<P extends Page<unknown>>(
  path: string,
  params: URLSearchParams,
  first?: P,
  options?: { keepPreviousData?: boolean },
) {
  const { data, error, isLoading, isValidating, size, setSize, mutate } = useSWRInfinite<P>(
    (index, previous: P | null) => {
      if (previous && !previous.nextCursor) return null;
      const query = new URLSearchParams(params);
      if (index > 0 && previous?.nextCursor) query.set('cursor', previous.nextCursor);
      return `${path}?${query}`;
    },
    (url: string) => fetchJson<P>(url, { headers: { accept: 'application/json' } }),
    { fallbackData: first && [first], revalidateIfStale: false, revalidateFirstPage: false, revalidateOnFocus: false, ...options },
  );
  const pages = data ?? [];
  const loadMore = useCallback(() => setSize(size + 1), [setSize, size]);
  return {
    pages,
    items: pages.flatMap((page) => page.items) as P['items'],
    error: error as Error | undefined,
    isLoading,
    isValidating,
    isLoadingMore: isValidating && size > pages.length,
    hasMore: pages.length === 0 || pages[pages.length - 1].nextCursor !== null,
    loadMore,
    revalidate: mutate,
  };
}
