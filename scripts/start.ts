/**
 * `npm start`: validate configuration, prepare the database (embedded PGlite
 * when DATABASE_URL is unset), apply migrations, seed the demo team into an
 * empty database when DEMO_DATA is on (the default for the embedded database
 * only), print the one-time setup link while there is no admin, build when the
 * build is missing or stale, then serve the production build on PORT (default 3000).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { targetFromEnv } from '../lib/platform/db/adapter';
import { applyMigrations } from '../lib/platform/db/migrate';
import { EnvError, parseEnv } from '../lib/platform/env';
import { createRedis } from '../lib/platform/redis/client';
import { issueSetupLinkIfNoAdmin } from '../lib/users/setup';
import { seed } from '../prisma/seed';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../prisma/seed/people';
import { buildIsCurrent, markBuildCurrent } from './build-state';
import { writeCspManifest } from './csp-hashes';
import { isEmpty, openDatabase } from './database';

const say = (message: string) => console.log(`[callpace] ${message}`);

/** Demo data only on purpose: on by default for the embedded database (a first look), off with DATABASE_URL (a real team's). */
export const demoDataWanted = (env: ReturnType<typeof parseEnv>) => (env.DEMO_DATA ?? (env.DATABASE_URL ? 'off' : 'on')) === 'on';

/** Where people open the app: APP_URL, else this machine on PORT. */
const appOrigin = (env: ReturnType<typeof parseEnv>) => (env.APP_URL ? new URL(env.APP_URL).origin : `http://localhost:${env.PORT}`);

async function prepareDatabase(env: ReturnType<typeof parseEnv>) {
  const target = targetFromEnv(env);
  if (target.kind === 'pglite') mkdirSync(target.dataDir, { recursive: true });
  const db = await openDatabase(target);
  say(`database: ${db.label}`);
  try {
    const applied = await applyMigrations(db.factory);
    say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'migrations are up to date');
    if (demoDataWanted(env) && (await isEmpty(db.sql))) {
      const result = await seed(db.sql, { scale: 'small' });
      say(`seeded demo data (${result.leads} leads, ${result.calls} calls) in ${result.seconds.toFixed(1)} s`);
    }
    const [demo] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE email = $1 AND active', [
      DEMO_ADMIN_EMAIL,
    ]);
    if (demo.n > 0)
      say(
        `demo data: sign in as ${DEMO_ADMIN_EMAIL}, manager1@callpace.test or agent1@callpace.test with the password ${DEMO_PASSWORD} (DEMO_DATA=off and an empty database for a real team)`,
      );
    const setupToken = await issueSetupLinkIfNoAdmin(db.sql);
    if (setupToken)
      say(
        `no admin yet: open ${appOrigin(env)}/setup?token=${setupToken} to create the first one (valid for 24 h, once; a new link is printed on every start until there is an admin)`,
      );
  } finally {
    await db.close();
  }
}

async function checkRedis(env: ReturnType<typeof parseEnv>) {
  const handle = createRedis(env);
  if (!handle.redis) return say('redis: not configured (single-instance fallbacks in use)');
  try {
    await handle.redis.ping();
    say(`redis: ${handle.mode} connection ok`);
  } catch (error) {
    say(`redis: cannot reach it (${(error as Error).message}). Starting anyway; /api/health/detailed reports "degraded" until it is back.`);
  } finally {
    await handle.close();
  }
}

function build() {
  if (buildIsCurrent()) return say('build is current');
  say('building the app (missing or stale build)…');
  const result = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('next build failed (see the output above)');
  writeCspManifest();
  markBuildCurrent();
}

/** Sessions are signed with AUTH_SECRET; without one, keep a generated secret beside the embedded data so sessions survive restarts. */
function ensureAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  const file = '.data/auth-secret';
  if (!existsSync(file)) {
    mkdirSync('.data', { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    say(`AUTH_SECRET is not set: generated one in ${file} (set AUTH_SECRET when running several instances)`);
  }
  process.env.AUTH_SECRET = readFileSync(file, 'utf8').trim();
}

async function main() {
  const started = performance.now();
  ensureAuthSecret();
  const env = parseEnv(process.env);
  await prepareDatabase(env);
  await checkRedis(env);
  build();
  say(`ready to serve after ${((performance.now() - started) / 1000).toFixed(1)} s; starting on port ${env.PORT}`);
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', PORT: String(env.PORT) },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main().catch((error: Error) => {
  console.error(error instanceof EnvError ? error.message : `[callpace] cannot start: ${error.message}`);
  process.exit(1);
});
