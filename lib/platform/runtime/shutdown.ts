/**
 * Graceful shutdown: work that must finish before the process exits (the
 * vitals writer's buffer, say) registers here, and on SIGTERM or SIGINT it
 * runs before Next's own handler closes the server and exits. Next exits as
 * soon as its server is closed, so without this an in-memory buffer would be
 * lost on every deploy. Installed from instrumentation.ts, after Next has
 * registered its handlers; with NEXT_MANUAL_SIG_HANDLE set there are none,
 * and the process ends with the signal once the hooks are done.
 */
import { singleton } from './singleton';

// One per process: instrumentation and each route are bundled separately, each with its own copy of this module.
const state = singleton('shutdown', () => ({ hooks: new Map<string, () => Promise<void>>(), installed: false }));
const hooks = state.hooks;
/** A hook that hangs must not keep the process from stopping. */
const HOOK_TIMEOUT_MS = 10_000;

export function onShutdown(name: string, hook: () => Promise<void>): void {
  hooks.set(name, hook);
}

export async function runShutdownHooks(timeoutMs = HOOK_TIMEOUT_MS): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.allSettled([...hooks.values()].map((hook) => hook())),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}

export function installShutdownHooks(): void {
  if (state.installed) return;
  state.installed = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const others = process.listeners(signal);
    process.removeAllListeners(signal);
    process.once(signal, () => {
      void runShutdownHooks().finally(() => {
        if (others.length > 0) for (const listener of others) listener(signal);
        else process.kill(process.pid, signal);
      });
    });
  }
}
