/**
 * HTTP caching for GET APIs. Every answer carries a strong ETag of its body;
 * a client that sends it back in If-None-Match gets 304 with no body, so a
 * phone revalidating an unchanged queue downloads headers only. What may
 * keep a copy and for how long depends on the resource:
 * - `personal`: one user's data (queues, leads, reports). Only the browser
 *   may keep it, and must ask every time (`private, no-cache`): a call
 *   logged on any device shows on the next read.
 */
import { createHash } from 'node:crypto';

export const CACHE_CONTROL = {
  personal: 'private, no-cache',
} as const;

export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/** True when the client's If-None-Match names `etag` (weak or strong, or `*`). */
export function clientHas(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/** JSON with an ETag and Cache-Control; 304 (no body) when the client already holds this body. */
export function jsonWithETag(request: Request, data: unknown, cacheControl: string = CACHE_CONTROL.personal): Response {
  const body = JSON.stringify(data);
  const etag = etagOf(body);
  const headers = { etag, 'cache-control': cacheControl, vary: 'Cookie' };
  if (clientHas(request, etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
}
