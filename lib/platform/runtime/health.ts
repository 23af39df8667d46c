/**
 * Readiness checks behind /api/health/detailed. Each check has its own
 * timeout so a hung dependency reports as down instead of hanging the probe.
 */
import { sql } from 'kysely';
import { db, reportDb } from '../db/client';
import { getEnv } from '../env';
import { pendingMigrationNames } from '../db/migration-files';
import { getRedis } from '../redis/client';
import { eventLoopDelay } from './event-loop';
import { releaseId } from './release';
import { perfBudgets } from '../budgets';

export type Status = 'healthy' | 'degraded' | 'unhealthy';

interface CheckResult {
  status: 'up' | 'down' | 'not_configured' | 'warn';
  [key: string]: unknown;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    }),
  ]);
}

const elapsed = (start: number) => Math.round((performance.now() - start) * 100) / 100;

async function checkDatabase(): Promise<CheckResult> {
  const start = performance.now();
  try {
    await withTimeout(sql`SELECT 1`.execute(db.$kysely), 'the database');
    return { status: 'up', latencyMs: elapsed(start) };
  } catch (error) {
    return { status: 'down', latencyMs: elapsed(start), error: (error as Error).message.split('\n')[0] };
  }
}

/** The read replica the reports use, when one is configured. */
async function checkReplica(): Promise<CheckResult> {
  if (!getEnv().DATABASE_REPLICA_URL) return { status: 'not_configured' };
  const start = performance.now();
  try {
    await withTimeout(sql`SELECT 1`.execute(reportDb().$kysely), 'the read replica');
    return { status: 'up', latencyMs: elapsed(start) };
  } catch (error) {
    return { status: 'down', latencyMs: elapsed(start), error: (error as Error).message.split('\n')[0] };
  }
}

async function checkMigrations(): Promise<CheckResult> {
  try {
    // Prisma's own table, outside the app's typed schema.
    const { rows } = await withTimeout(
      sql<{
        migration_name: string;
      }>`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`.execute(db.$kysely),
      'the migrations table',
    );
    const pending = await pendingMigrationNames(rows.map((r) => r.migration_name));
    return pending.length ? { status: 'down', pending } : { status: 'up', applied: rows.length };
  } catch (error) {
    return { status: 'down', error: (error as Error).message.split('\n')[0] };
  }
}

async function checkRedis(): Promise<CheckResult> {
  const { mode, redis } = getRedis();
  if (!redis) return { status: 'not_configured', mode };
  const start = performance.now();
  try {
    await withTimeout(redis.ping(), 'Redis');
    return { status: 'up', mode, latencyMs: elapsed(start) };
  } catch (error) {
    return { status: 'down', mode, latencyMs: elapsed(start), error: (error as Error).message.split('\n')[0] };
  }
}

function checkRuntime(): CheckResult {
  const loop = eventLoopDelay();
  const memory = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  // RSS is reported against its budget but does not degrade health: the
  // embedded database alone holds ~350 MB; the budget is judged under load by the gates.
  const overLoop = loop.p99Ms > perfBudgets.server.eventLoopDelayP99Ms.critical;
  return {
    status: overLoop ? 'warn' : 'up',
    eventLoopDelayMs: loop,
    heapUsedMb: mb(memory.heapUsed),
    heapTotalMb: mb(memory.heapTotal),
    rssMb: mb(memory.rss),
    rssBudgetMb: perfBudgets.server.rssMb,
    uptimeSeconds: Math.round(process.uptime()),
  };
}

/** Database or migrations down → unhealthy; Redis or the read replica down, or event-loop delay over its critical budget → degraded. */
export async function runHealthChecks() {
  const [database, migrations, redis, replica] = await Promise.all([checkDatabase(), checkMigrations(), checkRedis(), checkReplica()]);
  const runtime = checkRuntime();
  const status: Status =
    database.status === 'down' || migrations.status === 'down'
      ? 'unhealthy'
      : redis.status === 'down' || replica.status === 'down' || runtime.status === 'warn'
        ? 'degraded'
        : 'healthy';
  return { status, release: releaseId(), time: new Date().toISOString(), checks: { database, migrations, replica, redis, runtime } };
}
