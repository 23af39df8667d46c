'use client';

import { useEffect, useRef, useState } from 'react';
import { hasUnsavedInput } from '@/lib/offline/browser/dirty';

/**
 * Registers the service worker, keeps the outbox draining (on start, on
 * `online`, on focus, after every new entry, and when a backoff is due), and
 * offers a waiting worker as "Update available": the app reloads only when
 * the agent accepts and no form holds unsaved input.
 */
const REGISTER_DELAY_MS = 8_000;

export function ServiceWorker() {
  const [waiting, setWaiting] = useState<ServiceWorker | null>(null);
  const [blockedByForm, setBlockedByForm] = useState(false);
  const accepted = useRef(false);

  useEffect(() => {
    if (!('serviceWorker' in navigator) || process.env.NODE_ENV !== 'production') return;
    let registration: ServiceWorkerRegistration | undefined;
    const watch = (worker: ServiceWorker | null) => {
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) setWaiting(worker);
      });
    };
    // Well after the page has loaded: installing the worker downloads the precache (the app's scripts), which
    // must not compete with the page's own first load on a phone's two cores and one connection.
    const register = () =>
      navigator.serviceWorker
        .register('/serwist/sw.js', { scope: '/', type: 'module', updateViaCache: 'none' })
        .then((reg) => {
          registration = reg;
          if (reg.waiting && navigator.serviceWorker.controller) setWaiting(reg.waiting);
          watch(reg.installing);
          reg.addEventListener('updatefound', () => watch(reg.installing));
        })
        .catch(() => {});
    const whenIdle = () =>
      setTimeout(() => (window.requestIdleCallback ?? ((callback: () => void) => callback()))(() => void register()), REGISTER_DELAY_MS);
    if (document.readyState === 'complete') whenIdle();
    else window.addEventListener('load', whenIdle, { once: true });
    const onControllerChange = () => {
      if (accepted.current) window.location.reload();
    };
    const checkForUpdate = () => {
      if (document.visibilityState === 'visible') registration?.update().catch(() => {});
    };
    navigator.serviceWorker.addEventListener('controllerchange', onControllerChange);
    document.addEventListener('visibilitychange', checkForUpdate);
    return () => {
      navigator.serviceWorker.removeEventListener('controllerchange', onControllerChange);
      document.removeEventListener('visibilitychange', checkForUpdate);
    };
  }, []);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    // The outbox-drain workflow timing: from reconnecting with calls waiting to none pending, whoever sent
    // them (this page, another tab, or the worker's Background Sync). A User Timing measure the field
    // reporter picks up.
    let reconnectedAt: number | null = null;
    const pendingCalls = async () =>
      (await (await import('@/lib/offline/browser/outbox')).listOutbox()).filter((item) => item.state === 'pending').length;
    const checkDrained = async () => {
      const start = reconnectedAt;
      if (start === null || (await pendingCalls().catch(() => 1)) > 0 || reconnectedAt !== start) return;
      reconnectedAt = null;
      performance.measure('callpace:outbox-drain', { start, end: performance.now() });
    };
    const drain = async () => {
      if (running || !navigator.onLine) return;
      running = true;
      try {
        // Loaded after the page is interactive: the outbox code is not part of any page's first load.
        const { drainOutbox } = await import('@/lib/offline/browser/outbox');
        const result = await drainOutbox(window.location.origin);
        void checkDrained();
        clearTimeout(timer);
        if (result.retryAt) timer = setTimeout(() => void drain(), Math.max(1000, result.retryAt - Date.now()));
      } catch {
        // IndexedDB unavailable (private mode in some browsers): nothing was queued either.
      } finally {
        running = false;
      }
    };
    const onVisible = () => document.visibilityState === 'visible' && void drain();
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('callpace-device');
    channel?.addEventListener('message', () => {
      void drain();
      void checkDrained();
    });
    const onOnline = () => {
      const at = performance.now();
      void pendingCalls()
        .then((count) => {
          if (count === 0) return;
          reconnectedAt = at;
          return checkDrained();
        })
        .catch(() => {});
      void drain();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('focus', drain);
    document.addEventListener('visibilitychange', onVisible);
    // On start, once the page is idle: the outbox waits a moment rather than slow the first screen.
    const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1000));
    idle(() => void drain(), { timeout: 4000 });
    return () => {
      clearTimeout(timer);
      channel?.close();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('focus', drain);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  if (!waiting) return null;
  function update() {
    if (hasUnsavedInput()) return setBlockedByForm(true);
    accepted.current = true;
    waiting!.postMessage({ type: 'SKIP_WAITING' });
  }
  return (
    <div
      role="status"
      className="fixed inset-x-3 bottom-3 z-30 mx-auto flex max-w-md items-center gap-3 rounded-lg bg-ink-900 p-3 text-sm text-white shadow-lg"
    >
      <p className="flex-1">{blockedByForm ? 'Update available: save or clear the call form first, then update.' : 'Update available.'}</p>
      <button type="button" onClick={update} className="min-h-11 rounded-md bg-white px-3 font-medium text-ink-900">
        Update
      </button>
    </div>
  );
}
