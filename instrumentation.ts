/** Next's instrumentation hook: runs once when a server instance starts, and hears about every unhandled request error. */
import type { Instrumentation } from 'next';

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { installShutdownHooks } = await import('./lib/platform/runtime/shutdown');
  installShutdownHooks();
  const { startJobs } = await import('./lib/jobs/runner');
  const { logger } = await import('./lib/platform/runtime/logger');
  // A job queue that cannot start must not take the app down with it.
  await startJobs().catch((error: Error) => logger.error('scheduled jobs did not start', { error: error.message }));
}

/** Page renders and server actions are not wrapped by withHandler: their failures are counted here. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ metrics }, { logger }] = await Promise.all([import('./lib/platform/metrics/registry'), import('./lib/platform/runtime/logger')]);
  metrics().requestErrors.inc({ route: context.routePath, kind: context.routeType });
  logger.error('unhandled request error', {
    route: context.routePath,
    kind: context.routeType,
    method: request.method,
    error: error instanceof Error ? error.message : String(error),
  });
};
