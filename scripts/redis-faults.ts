/**
 * `npm run bench:redis-faults`: what Redis trouble costs a reader. Serves the production build on a fresh
 * database (small seed) with a Redis of its own, and measures `GET /api/leads` (the agent's queue, as
 * served, at 10 connections) three times in one run: Redis running, Redis paused (SIGSTOP: connected but
 * silent, the worst case) and Redis stopped (killed). Prints p50/p95/p99, throughput and non-2xx answers,
 * and writes reports/redis-faults.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import { createTestDatabase, dropTestDatabase } from '../tests/setup/test-database';
import { signInOverHttp, waitForHealthy } from './http-session';

const PORT = Number(process.env.FAULTS_PORT ?? 3277);
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.FAULTS_SECONDS ?? 8);

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

function measure(cookie: string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${BASE}/api/leads?limit=50`, connections: 10, duration: SECONDS, headers: { cookie } }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function main() {
  const database = await createTestDatabase('callpace_faults');
  const redisPort = await freePort();
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  let server: ChildProcess | undefined;
  try {
    server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        DEMO_DATA: 'on',
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        PORT: String(PORT),
        JOBS: 'off',
        LOG_LEVEL: 'error',
        TRUSTED_PROXIES: 'loopback',
        WRITES_PER_MINUTE: '100000',
      },
    });
    await waitForHealthy(BASE, server);
    const cookie = await signInOverHttp(BASE, 'agent1@callpace.test');
    await measure(cookie); // warm-up
    const phases: { redis: string; result: autocannon.Result }[] = [];
    phases.push({ redis: 'running', result: await measure(cookie) });
    redis.kill('SIGSTOP');
    phases.push({ redis: 'paused (SIGSTOP)', result: await measure(cookie) });
    redis.kill('SIGCONT');
    await new Promise((r) => setTimeout(r, 6_000));
    redis.kill('SIGKILL');
    phases.push({ redis: 'stopped (killed)', result: await measure(cookie) });

    const rows = phases.map(({ redis: state, result }) => ({
      redis: state,
      requestsPerSecond: Math.round(result.requests.average),
      p50: result.latency.p50,
      p95: (result.latency as unknown as Record<string, number>).p95 ?? result.latency.p97_5,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    }));
    console.log(`GET /api/leads at 10 connections, ${SECONDS} s each, one run:`);
    console.log('redis              req/s   p50 ms  p95 ms  p99 ms  non-2xx  errors');
    for (const r of rows)
      console.log(
        `${r.redis.padEnd(18)} ${String(r.requestsPerSecond).padStart(5)}  ${String(r.p50).padStart(6)}  ${String(r.p95).padStart(6)}  ${String(r.p99).padStart(6)}  ${String(r.non2xx).padStart(7)}  ${String(r.errors).padStart(6)}`,
      );
    mkdirSync('reports', { recursive: true });
    writeFileSync('reports/redis-faults.json', JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, rows }, null, 2));
  } finally {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 1_000));
    await dropTestDatabase(database.name);
  }
}

main().catch((error: Error) => {
  console.error(`[redis-faults] ${error.message}`);
  process.exit(1);
});
