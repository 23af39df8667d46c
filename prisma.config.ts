import { defineConfig } from 'prisma/config';

// The URL is optional here: `generate` needs none, and migrations run through
// scripts/db.ts, which reads DATABASE_URL itself (Prisma 7 loads no .env).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
