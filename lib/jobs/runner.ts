/**
 * Scheduled jobs: alert evaluation every minute; retention and archiving of
 * old calls nightly. On
 * PostgreSQL they run through pg-boss, whose schedules and job locks live in
 * the database (schema `pgboss`), so with several instances each tick runs
 * exactly once, on whichever instance takes it. On the embedded database
 * (one process by definition) plain timers run them. JOBS=off runs none.
 */
import { evaluateAlerts } from '../alerts/evaluate';
import { getEnv } from '../platform/env';
import { logger } from '../platform/runtime/logger';
import { onShutdown } from '../platform/runtime/shutdown';
import { singleton } from '../platform/runtime/singleton';
import { archiveCalls } from '../calls/archive-calls';
import { applyRetention } from './retention';

interface Job {
  name: string;
  cron: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

export const jobs: Job[] = [
  { name: 'alerts-evaluate', cron: '* * * * *', everyMs: 60_000, run: () => evaluateAlerts() },
  { name: 'retention', cron: '17 3 * * *', everyMs: 86_400_000, run: () => applyRetention() },
  { name: 'archive-calls', cron: '37 3 * * *', everyMs: 86_400_000, run: () => archiveCalls() },
];

async function runLogged(job: Job): Promise<void> {
  const started = performance.now();
  try {
    const result = await job.run();
    logger.info('job done', {
      job: job.name,
      ms: Math.round(performance.now() - started),
      result: Array.isArray(result) ? { transitions: result.length } : result,
    });
  } catch (error) {
    logger.error('job failed', { job: job.name, error: (error as Error).message });
    throw error;
  }
}

export async function startJobs(): Promise<void> {
  const env = getEnv();
  const state = singleton('jobs', () => ({ started: false }));
  if (env.JOBS === 'off' || state.started) return;
  state.started = true;
  if (!env.DATABASE_URL) {
    const timers = jobs.map((job) => setInterval(() => void runLogged(job).catch(() => {}), job.everyMs));
    for (const timer of timers) timer.unref();
    onShutdown('jobs', async () => timers.forEach(clearInterval));
    return;
  }
  const { PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: env.DATABASE_URL, schema: 'pgboss', max: 2 });
  boss.on('error', (error) => logger.error('job queue error', { error: error.message }));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name).catch(() => {});
    await boss.schedule(job.name, job.cron);
    await boss.work(job.name, async () => {
      await runLogged(job);
    });
  }
  onShutdown('jobs', () => boss.stop({ graceful: true, timeout: 5_000 }));
  logger.info('scheduled jobs started', { jobs: jobs.map((job) => `${job.name} (${job.cron})`) });
}
