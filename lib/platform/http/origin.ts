/**
 * CSRF defence for cookie-authenticated writes: a browser always sends Origin
 * on a cross-site POST, so a present Origin must be this app's; without one,
 * a browser's Sec-Fetch-Site must say same-origin (or none: typed by the user).
 * Clients that send neither (server-to-server, curl) carry no ambient browser
 * cookie risk. X-Forwarded-Host/-Proto reach the app only from a trusted proxy
 * (scripts/serve.ts drops them otherwise).
 */
import { getEnv } from '../env';
import { ApiError } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** This app's origins as a request reaches it: its URL, the Host it was sent to (through proxies), and APP_URL. */
export function ownOrigins(request: Request): string[] {
  const allowed = new Set([new URL(request.url).origin]);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (host) {
    const proto = request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(':', '');
    allowed.add(`${proto}://${host}`);
  }
  const appUrl = getEnv().APP_URL;
  if (appUrl) allowed.add(new URL(appUrl).origin);
  return [...allowed];
}

export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get('origin');
  if (!origin) {
    // No Origin (an older browser, or a non-browser client): a browser still says where the request came from.
    const site = request.headers.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none')
      throw new ApiError('forbidden', 'Cross-site requests are not accepted; use the Callpace app.');
    return;
  }
  if (!ownOrigins(request).includes(origin))
    throw new ApiError('forbidden', `Requests from ${origin} are not accepted; use the Callpace app.`);
}
