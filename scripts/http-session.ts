/**
 * Talking to a running Callpace over HTTP, for the scripts and tests that
 * start or drive one (npm test, the gates, the load test, the bench, the
 * two-instance test): wait until it is healthy, sign in as a demo user.
 */
import type { ChildProcess } from 'node:child_process';

export const DEMO_PASSWORD = 'callpace-demo';

/** Resolves once `base` answers /api/health/detailed with `healthy`; fails if `server` exits or time runs out. */
export async function waitForHealthy(base: string, server: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server at ${base} exited with code ${server.exitCode}`);
    try {
      const response = await fetch(`${base}/api/health/detailed`);
      if (response.ok && (await response.json()).status === 'healthy') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server at ${base} was not healthy within ${timeoutMs / 1000} s`);
}

/**
 * Signs in through the real sign-in route and returns the Cookie header to send. `address` is the
 * client address the proxy would report (failed sign-ins are limited per address and email).
 */
export async function signInOverHttp(
  base: string,
  email: string,
  address = `10.9.${Math.floor(Math.random() * 250)}.1`,
  password = DEMO_PASSWORD,
): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(base).origin, 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`cannot sign in as ${email} at ${base}: ${response.status} (is the demo seed loaded?)`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
