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
        const { listOutbox } = await import('@/lib/offline/outbox');
        const items = await listOutbox();
        if (alive) setCounts({ pending: items.filter((i) => i.state === 'pending').length, attention: items.filter((i) => i.state === 'attention').length });
      } catch {
        // no IndexedDB: nothing can be queued either
      }
    };
    const onNetwork = () => setOnline(navigator.onLine);
    onNetwork();
    void refresh();
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

  const label = counts.attention > 0 ? `Needs attention (${counts.attention})` : counts.pending > 0 ? `Pending (${counts.pending})` : '';
  return (
    <div className="flex w-40 items-center justify-end gap-1 text-xs" aria-live="polite">
      <span className={`rounded-full bg-slate-700 px-2 py-0.5 font-medium text-white ${online ? 'invisible' : ''}`}>Offline</span>
      <Link href="/outbox" className={`flex min-h-11 items-center rounded-md px-1 font-medium ${counts.attention ? 'text-red-700' : 'text-ink-700'} ${label ? '' : 'invisible'}`}
        aria-hidden={label ? undefined : true} tabIndex={label ? undefined : -1}>
        {label || 'Pending (0)'}
      </Link>
    </div>
  );
}
