import { withSerwist } from '@serwist/turbopack';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Inlined CSS removes the one render-blocking request: a round trip less
  // before first paint on a phone.
  experimental: { inlineCss: true, authInterrupts: true },
  // Native and WebAssembly packages load from node_modules at run time rather than being bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', '@node-rs/argon2', 'ioredis', 'pg'],
  ...(process.env.RELEASE_ID ? { generateBuildId: async () => process.env.RELEASE_ID! } : {}),
  async headers() {
    // The worker is checked for updates on every navigation; never let an HTTP cache hold an old one.
    return [{ source: '/serwist/:path*', headers: [{ key: 'Cache-Control', value: 'no-cache' }] }];
  },
};

// The service worker is bundled by Serwist's route handler (app/serwist/[path]), which needs esbuild at build time.
export default withSerwist(nextConfig);
