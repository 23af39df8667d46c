/** Next's instrumentation hook: runs once when a server instance starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { installShutdownHooks } = await import('./lib/runtime/shutdown');
  installShutdownHooks();
  const { startJobs } = await import('./lib/jobs/runner');
  const { logger } = await import('./lib/runtime/logger');
  // A job queue that cannot start must not take the app down with it.
  await startJobs().catch((error: Error) => logger.error('scheduled jobs did not start', { error: error.message }));
}
