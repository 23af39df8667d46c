'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { LeadRow } from './lead-row';
import { useLeadQueue, type LeadPage } from '@/lib/leads/browser/use-lead-queue';
import { ApiRequestError } from '@/lib/platform/browser/fetch-json';

const ROW_HEIGHT = 76;
// Where the list starts below the page top (header, search, status line). Only used to pick which
// rows are in view, so an estimate is enough and spares a re-render of every row after hydration.
const LIST_TOP_ESTIMATE = 220;
// Short enough that "keystroke to results painted" can stay within the search-response budget (250 ms).
const SEARCH_DEBOUNCE_MS = 150;

export function QueueList({ firstPage }: { firstPage: LeadPage }) {
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const { items: leads, error, isLoading, isValidating, isLoadingMore, hasMore, loadMore } = useLeadQueue(q, firstPage);
  const router = useRouter();
  const signedOut = error instanceof ApiRequestError && error.status === 401;
  useEffect(() => {
    if (signedOut) router.replace('/login?next=/queue');
  }, [signedOut, router]);

  // The search-response workflow timing: from the keystroke that made the term to its results painted,
  // as a User Timing measure the field reporter picks up.
  const typedAt = useRef(0);
  const searching = useRef<{ q: string; typedAt: number } | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      const term = input.trim().length >= 2 ? input.trim() : '';
      searching.current = term ? { q: term, typedAt: typedAt.current } : null;
      setQ(term);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [input]);
  useEffect(() => {
    const pending = searching.current;
    if (!pending || pending.q !== q || isLoading || isValidating) return;
    searching.current = null;
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure('callpace:search-response', { start: pending.typedAt, end: performance.now() })),
    );
  }, [q, isLoading, isValidating]);

  // The "Search" app shortcut opens /queue?search=1 with the search box focused.
  const searchBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (new URLSearchParams(window.location.search).has('search')) searchBox.current?.focus();
  }, []);

  // Keep the queue on the phone for offline use (after the page is idle; the code loads only then).
  const [syncedAt, setSyncedAt] = useState<number | null>(null);
  const [offline, setOffline] = useState(false);
  const savedSignature = useRef('');
  useEffect(() => {
    if (q || leads.length === 0) return;
    const top = leads.slice(0, 500);
    const signature = top.map((lead) => `${lead.id}:${lead.status}:${lead.lastCalledAt}`).join(',');
    if (signature === savedSignature.current) return;
    const timer = setTimeout(() => {
      if (!navigator.onLine) return;
      savedSignature.current = signature;
      void import('@/lib/offline/browser/snapshot')
        .then(({ saveQueue }) => saveQueue(top))
        .then(() => setSyncedAt(Date.now()))
        .catch(() => {});
    }, 1000);
    return () => clearTimeout(timer);
  }, [q, leads]);
  useEffect(() => {
    const onNetwork = () => {
      setOffline(!navigator.onLine);
      if (!navigator.onLine)
        void import('@/lib/offline/browser/snapshot')
          .then(({ readQueue }) => readQueue())
          .then((saved) => saved && setSyncedAt(saved.syncedAt))
          .catch(() => {});
    };
    onNetwork();
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    return () => {
      window.removeEventListener('online', onNetwork);
      window.removeEventListener('offline', onNetwork);
    };
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: leads.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    scrollMargin: LIST_TOP_ESTIMATE,
    // The server renders the rows of a small phone's window, so the list is in the HTML before any script runs.
    initialRect: { width: 360, height: 640 },
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !isLoadingMore && !isLoading && lastIndex >= leads.length - 10) void loadMore();
  }, [lastIndex, leads.length, hasMore, isLoadingMore, isLoading, loadMore]);

  // One handler for every row link: client-side navigation without a Link component per row.
  function navigateClientSide(event: React.MouseEvent<HTMLDivElement>) {
    const anchor = (event.target as Element).closest('a');
    if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.push(anchor.getAttribute('href')!);
  }

  const next = leads[0];
  return (
    <>
      <div className="sticky top-14 z-10 space-y-2 border-b border-slate-200 bg-white px-3 py-2">
        <label htmlFor="lead-search" className="sr-only">
          Search leads by name, company, email or phone
        </label>
        <input
          id="lead-search"
          ref={searchBox}
          type="search"
          value={input}
          onChange={(e) => {
            typedAt.current = performance.now();
            setInput(e.target.value);
          }}
          placeholder="Search name, company, email or phone"
          autoComplete="off"
          className="block min-h-11 w-full rounded-md border border-slate-300 px-3 text-base focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none"
        />
        {!q && next ? (
          <Link
            href={`/leads/${next.id}`}
            prefetch
            className="flex min-h-11 items-center justify-center rounded-md bg-brand-600 font-medium text-white hover:bg-brand-700"
          >
            Next lead: {next.firstName} {next.lastName}
          </Link>
        ) : null}
      </div>
      <p aria-live="polite" className="px-3 py-2 text-sm text-ink-500">
        {error
          ? `Could not load leads: ${signedOut ? 'You are signed out.' : error.message}`
          : q
            ? `${leads.length}${hasMore ? '+' : ''} results for “${q}”`
            : `${leads.length}${hasMore ? '+' : ''} leads in your queue`}
      </p>
      <p className="h-5 px-3 text-xs text-ink-500">
        {offline && syncedAt
          ? `Offline · last synced ${new Date(syncedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
          : ''}
      </p>
      <div
        role="list"
        aria-label={q ? 'Search results' : 'Your queue'}
        onClick={navigateClientSide}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {rows.map((row) => (
          <div
            key={leads[row.index].id}
            role="listitem"
            aria-posinset={row.index + 1}
            aria-setsize={hasMore ? -1 : leads.length}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              height: ROW_HEIGHT,
              transform: `translateY(${row.start - LIST_TOP_ESTIMATE}px)`,
            }}
          >
            <LeadRow lead={leads[row.index]} />
          </div>
        ))}
      </div>
      {isLoadingMore ? <p className="px-3 py-4 text-center text-sm text-ink-500">Loading more…</p> : null}
      {!isLoading && leads.length === 0 ? (
        <p className="px-3 py-8 text-center text-ink-500">
          {q ? 'No lead matches that search.' : 'Your queue is empty. New leads will appear here.'}
        </p>
      ) : null}
    </>
  );
}
