/**
 * What every part of the bench stands on: its own PostgreSQL database (never
 * the one the app or the tests use), a current production build, and the app
 * served from that build on a port of its own, started and stopped by each
 * part so one part's cache and connections never warm the next.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { applyMigrations } from '../../lib/platform/db/migrate';
import { seed } from '../../prisma/seed';
import { buildIsCurrent, markBuildCurrent } from '../build-state';
import { openDatabase } from '../database';
import { DEMO_PASSWORD, signInOverHttp, waitForHealthy } from '../http-session';

export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/callpace_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3299);
export const BASE = `http://127.0.0.1:${PORT}`;
export const AGENT = { email: 'agent1@callpace.test', password: DEMO_PASSWORD };
export const MANAGER = { email: 'manager1@callpace.test', password: DEMO_PASSWORD };
const LARGE_LEADS = 100_000;

export const say = (message: string) => console.log(`[bench] ${message}`);

/** Creates the database `url` names on its server, unless it exists. */
export async function createDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await admin.end();
}

/** The bench database, migrated and holding the large seed (seeded on the first run only). */
export async function prepareDatabase(): Promise<void> {
  const name = new URL(DATABASE_URL).pathname.slice(1);
  await createDatabase(DATABASE_URL);
  const db = await openDatabase({ kind: 'postgres', url: DATABASE_URL, poolSize: 4 });
  try {
    const applied = await applyMigrations(db.factory);
    if (applied.length) say(`applied migrations: ${applied.join(', ')}`);
    const [{ count }] = await db.sql.query<{ count: string }>('SELECT count(*)::text AS count FROM leads');
    if (Number(count) < LARGE_LEADS) {
      say(`seeding the large scale into ${name} (once; about 90 s)…`);
      const result = await seed(db.sql, { scale: 'large' });
      say(`seeded ${result.leads} leads and ${result.calls} calls in ${result.seconds.toFixed(1)} s`);
    }
    // Earlier runs' call writes leave dead row versions and stale statistics; start each run from a settled table.
    await db.sql.exec('VACUUM ANALYZE leads, calls');
  } finally {
    await db.close();
  }
}

/** One statement on a short-lived connection, for the checks a part makes after its server has stopped. */
export async function queryOnce<Row extends object>(url: string, text: string, params: unknown[]): Promise<Row[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query<Row>(text, params)).rows;
  } finally {
    await db.end();
  }
}

export function build(): void {
  if (buildIsCurrent()) return;
  say('building the app…');
  const result = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('next build failed');
  markBuildCurrent();
}

export async function startServer(dataCache: 'on' | 'off', env: Record<string, string> = {}): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // The bench drives writes far faster than any person (hundreds a second): it measures the write path, not the limiter refusing it.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
      BENCH: 'on',
      SERVER_TIMING: 'on',
      TRUSTED_PROXIES: 'loopback',
      DATABASE_URL,
      DATA_CACHE: dataCache,
      AUTH_SECRET: process.env.AUTH_SECRET ?? 'bench-secret-bench-secret-bench-secret',
      APP_URL: BASE,
      WRITES_PER_MINUTE: '100000000',
      ...env,
    },
  });
  try {
    await waitForHealthy(BASE, server, 60_000);
  } catch (error) {
    server.kill();
    throw error;
  }
  return server;
}

/** SIGTERM, then waits for the exit: the server flushes its buffered writes on the way out. */
export async function stopServer(server: ChildProcess): Promise<void> {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}

/** A fresh session per endpoint: the signed session cookie cache lasts 60 s, as it would for a browser. */
export function signIn(user = AGENT): Promise<string> {
  return signInOverHttp(BASE, user.email, undefined, user.password);
}
