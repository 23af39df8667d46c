'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';

interface Counts {
  pending: number;
  attention: number;
}

/**
 * Offline badge and outbox counts for the header. Always the same size, so
 * nothing on screen moves when the connection or the counts change.
 */
export function NetworkStatus() {
  const [online, setOnline] = useState(true);
  const [counts, setCounts] = useState<Counts>({ pending: 0, attention: 0 });

  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      try {
        const { listOutbox } = await import('@/lib/offline/browser/outbox');
        const items = await listOutbox();
        if (alive)
          setCounts({
            pending: items.filter((i) => i.state === 'pending').length,
            attention: items.filter((i) => i.state === 'attention').length,
          });
      } catch {
        // no IndexedDB: nothing can be queued either
      }
    };
    const onNetwork = () => setOnline(navigator.onLine);
    onNetwork();
    // The counts come from IndexedDB once the page is idle (their box is already on screen, so nothing moves).
    const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 500));
    idle(() => void refresh(), { timeout: 3000 });
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('callpace-device');
    channel?.addEventListener('message', () => void refresh());
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    return () => {
      alive = false;
      channel?.close();
      window.removeEventListener('online', onNetwork);
      window.removeEventListener('offline', onNetwork);
    };
  }, []);

  const label = counts.attention > 0 ? `Attention (${counts.attention})` : counts.pending > 0 ? `Pending (${counts.pending})` : '';
  // Fixed widths: the labels change length, the boxes never do.
  return (
    <div className="flex items-center gap-1 text-xs" aria-live="polite">
      <span className={`w-14 rounded-full bg-slate-700 py-0.5 text-center font-medium text-white ${online ? 'invisible' : ''}`}>
        Offline
      </span>
      <Link
        href="/outbox"
        prefetch={false}
        aria-label={counts.attention ? `Needs attention (${counts.attention})` : undefined}
        className={`flex min-h-11 w-20 items-center justify-end rounded-md font-medium ${counts.attention ? 'text-red-700' : 'text-ink-700'} ${label ? '' : 'invisible'}`}
        aria-hidden={label ? undefined : true}
        tabIndex={label ? undefined : -1}
      >
        {label || 'Pending (0)'}
      </Link>
    </div>
  );
}
