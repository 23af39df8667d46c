/** Next's instrumentation hook: runs once when a server instance starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installShutdownHooks } = await import('./lib/runtime/shutdown');
  installShutdownHooks();
}
