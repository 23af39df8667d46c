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
};

export default nextConfig;
