/// <reference lib="webworker" />
/**
 * Callpace's service worker (Serwist). Hashed static assets come from the
 * precache (cache-first); documents and RSC payloads go network-first with a
 * short timeout and fall back to the cached copy, then to the offline app
 * shell, which renders the queue and saved leads from IndexedDB; API reads are
 * stale-while-revalidate; images cache-first with expiry. Every runtime cache
 * is bounded. Calls logged offline are replayed from the outbox by Background
 * Sync. A new worker waits until the agent accepts the update.
 */
import {
  CacheableResponsePlugin,
  ExpirationPlugin,
  NetworkFirst,
  NetworkOnly,
  Serwist,
  StaleWhileRevalidate,
  CacheFirst,
  type PrecacheEntry,
} from 'serwist';
import { drainOutbox } from '@/lib/offline/browser/outbox';

declare global {
  interface WorkerGlobalScope {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

const OFFLINE_SHELL = '/offline';
const NETWORK_TIMEOUT_S = 3;
const PERSONAL_CACHES = ['pages', 'pages-rsc', 'api-reads'];

const okOnly = new CacheableResponsePlugin({ statuses: [200] });
const bounded = (maxEntries: number, maxAgeSeconds: number) => new ExpirationPlugin({ maxEntries, maxAgeSeconds, maxAgeFrom: 'last-used' });

const serwist: Serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: false,
  clientsClaim: true,
  navigationPreload: false,
  runtimeCaching: [
    {
      matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/_next/static/'),
      handler: new CacheFirst({ cacheName: 'static', plugins: [okOnly, bounded(300, 365 * 86_400)] }),
    },
    {
      matcher: ({ request, sameOrigin }) => sameOrigin && request.destination === 'image',
      handler: new CacheFirst({ cacheName: 'images', plugins: [okOnly, bounded(60, 30 * 86_400)] }),
    },
    { matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/api/auth/'), handler: new NetworkOnly() },
    // One-time links carry their token in the URL: never kept on the device.
    { matcher: ({ url, sameOrigin }) => sameOrigin && /^\/(setup|invite\/|reset\/)/.test(url.pathname), handler: new NetworkOnly() },
    {
      // A logged call changes the queue and the lead: drop cached API reads so the next screen is fresh.
      matcher: ({ url, request, sameOrigin }) => sameOrigin && url.pathname === '/api/calls' && request.method === 'POST',
      method: 'POST',
      handler: new NetworkOnly({
        plugins: [
          {
            fetchDidSucceed: async ({ response }) => {
              if (response.ok) await caches.delete('api-reads');
              return response;
            },
          },
        ],
      }),
    },
    {
      matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/api/leads'),
      handler: new StaleWhileRevalidate({ cacheName: 'api-reads', plugins: [okOnly, bounded(200, 86_400)] }),
    },
    {
      matcher: ({ request, sameOrigin }) => sameOrigin && request.headers.get('RSC') === '1',
      handler: new NetworkFirst({
        cacheName: 'pages-rsc',
        networkTimeoutSeconds: NETWORK_TIMEOUT_S,
        plugins: [okOnly, bounded(100, 7 * 86_400)],
      }),
    },
    {
      matcher: ({ request, sameOrigin }) => sameOrigin && request.mode === 'navigate',
      handler: new NetworkFirst({
        cacheName: 'pages',
        networkTimeoutSeconds: NETWORK_TIMEOUT_S,
        plugins: [
          okOnly,
          bounded(100, 7 * 86_400),
          // Neither the network nor a saved copy: the offline app shell (precached), never a browser error page.
          { handlerDidError: async (): Promise<Response> => (await serwist.matchPrecache(OFFLINE_SHELL)) ?? Response.error() },
        ],
      }),
    },
  ],
});

self.addEventListener('message', (event) => {
  const type = (event.data as { type?: string } | null)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  if (type === 'SIGNED_OUT') event.waitUntil(Promise.all(PERSONAL_CACHES.map((name) => caches.delete(name))));
});

// Background Sync: the browser wakes the worker when the network is back, even with the app closed.
self.addEventListener('sync', (event) => {
  const sync = event as Event & { tag: string; waitUntil(promise: Promise<unknown>): void };
  if (sync.tag === 'outbox') {
    sync.waitUntil(
      drainOutbox(self.location.origin).then((result) => {
        // Still waiting on the network or the server: fail the sync so the browser retries it later.
        if (result.waiting > 0) throw new Error('outbox entries still waiting');
      }),
    );
  }
});

serwist.addEventListeners();
