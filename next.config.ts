import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { withSerwist } from '@serwist/turbopack';
import type { NextConfig } from 'next';
import { API_CSP } from './lib/platform/http/csp';

/**
 * The release id: RELEASE_ID when the deploy names one, otherwise the commit and the build time. It is the
 * build id, and is inlined into the client so field samples say which release they measured.
 */
function buildRelease(): string {
  if (process.env.RELEASE_ID) return process.env.RELEASE_ID;
  let commit = 'local';
  try {
    commit =
      execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || commit;
  } catch {
    // Not a git checkout (an unpacked archive): the build time alone tells builds apart.
  }
  return `${commit}-${Date.now().toString(36)}`;
}
const release = buildRelease();

/**
 * Headers on every response (documents also get their CSP from proxy.ts). HSTS only when the app is served
 * over https, as APP_URL says (read at build time: set APP_URL when building for production).
 */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ...(process.env.APP_URL?.startsWith('https:')
    ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }]
    : []),
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Inlined CSS removes the one render-blocking request: a round trip less
  // before first paint on a phone.
  experimental: { inlineCss: true, authInterrupts: true },
  // Native and WebAssembly packages load from node_modules at run time rather than being bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', '@node-rs/argon2', 'ioredis', 'pg', 'prom-client', 'pg-boss'],
  // Next's data cache in Redis, shared by every instance (lib/platform/cache/shared-store.ts); prerendered pages stay on disk.
  cacheHandler: path.resolve('lib/platform/cache/next-cache-handler.mjs'),
  generateBuildId: async () => release,
  env: { NEXT_PUBLIC_RELEASE_ID: release },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
      // The worker is checked for updates on every navigation; never let an HTTP cache hold an old one.
      { source: '/serwist/:path*', headers: [{ key: 'Cache-Control', value: 'no-cache' }] },
      // The app icons have fixed names (the manifest points at them): a week, then refreshed in the background.
      { source: '/icons/:path*', headers: [{ key: 'Cache-Control', value: 'public, max-age=604800, stale-while-revalidate=86400' }] },
    ];
  },
};

// The service worker is bundled by Serwist's route handler (app/serwist/[path]), which needs esbuild at build time.
export default withSerwist(nextConfig);
