/**
 * Serves the service worker, bundled at build time by Serwist (esbuild) with
 * the precache manifest of this build's hashed assets and the offline shell.
 */
import { randomUUID } from 'node:crypto';
import { createSerwistRoute } from '@serwist/turbopack';

// A new revision per build, so each release refreshes the precached shells.
const revision = randomUUID();

export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: 'app/sw.ts',
  useNativeEsbuild: true,
  additionalPrecacheEntries: [
    { url: '/offline', revision },
    { url: '/outbox', revision },
  ],
});
