/**
 * The wrapper every route handler uses, carrying the route's policy so a
 * handler holds only what it alone does:
 *
 *   export const POST = withHandler(async ({ viewer, body }) => …,
 *     { roles: ['MANAGER', 'ADMIN'], writeLimit: true, body: LeadCreate });
 *
 * In order: the same-origin check on unsafe methods (on by default for a
 * signed-in route: its cookie is ambient), the signed-in viewer with one of
 * `roles` (401 / 403), the route parameters (404 when malformed: an id that
 * cannot exist is not found), the viewer's write limit (429), the search
 * parameters (422) and the capped JSON body (415 / 413 / 400 / 422).
 *
 * Around every handler: a request id on every response, ApiErrors turned into
 * the envelope, anything unexpected logged with the request id and answered
 * as a bare 500 (no internals leak); every request timed by route pattern,
 * method and status class (Prometheus histogram and the per-minute request
 * histograms) and answered with a Server-Timing header (db, cache, total).
 */
import { randomUUID } from 'node:crypto';
import type { NextRequest, NextResponse } from 'next/server';
import type { z } from 'zod';
import { requireApiViewer, type Role, type Viewer } from '../auth/viewer';
import { getEnv } from '../env';
import { serverTimingHeader, withRequestTiming } from '../metrics/context';
import { metrics } from '../metrics/registry';
import { requestHistograms, statusClass } from '../metrics/request-histograms';
import { logger } from '../runtime/logger';
import { parseJson } from './body';
import { ApiError, errorResponse } from './errors';
import { assertSameOrigin } from './origin';
import { routeOf } from './route-patterns';
import { limitWrites } from './write-limit';

/** Every role: anyone signed in (and active). */
export const ANY_ROLE = ['AGENT', 'MANAGER', 'ADMIN'] as const satisfies readonly Role[];

type Schema = z.ZodType;
type Parsed<S> = S extends Schema ? z.infer<S> : undefined;

export interface RoutePolicy<
  R extends readonly Role[] | undefined,
  PS extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
> {
  /** Signed-in people with one of these roles only (ANY_ROLE: anyone signed in). Omitted: a public route. */
  roles?: R;
  /** Refuse cross-site unsafe requests. Default: on for signed-in routes, off for public ones. */
  origin?: boolean;
  /** Count the request against the viewer's write limit (needs `roles`). */
  writeLimit?: boolean;
  /** The route parameters; a mismatch answers 404 with `notFound`. */
  params?: PS;
  notFound?: string;
  /** The search parameters (each name once), as an object. */
  query?: Q;
  /** The JSON body, read with a cap of `maxBodyBytes` (default MAX_JSON_BODY_BYTES). */
  body?: B;
  maxBodyBytes?: number;
  /** sendBeacon can only send text/plain: beacon endpoints accept it as JSON. */
  allowTextPlain?: boolean;
}

export interface RouteContext<P, V, Q, B> {
  request: NextRequest;
  params: P;
  requestId: string;
  viewer: V;
  query: Q;
  body: B;
}

type ParamsOf<PS, P> = PS extends Schema ? z.infer<PS> : P;
type ViewerOf<R> = R extends readonly Role[] ? Viewer : null;

export function withHandler<
  P = Record<string, string>,
  R extends readonly Role[] | undefined = undefined,
  PS extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  handler: (
    context: RouteContext<ParamsOf<PS, P>, ViewerOf<R>, Parsed<Q>, Parsed<B>>,
  ) => Promise<Response | NextResponse> | Response | NextResponse,
  policy: RoutePolicy<R, PS, Q, B> = {},
) {
  async function run(request: NextRequest, rawParams: Promise<P> | undefined, requestId: string): Promise<Response | NextResponse> {
    const signedIn = policy.roles !== undefined;
    if (policy.origin ?? signedIn) assertSameOrigin(request);
    const viewer = policy.roles ? await requireApiViewer(request, [...policy.roles]) : null;
    let params: unknown = (await rawParams) ?? {};
    if (policy.params) {
      const parsed = policy.params.safeParse(params);
      if (!parsed.success) throw new ApiError('not_found', policy.notFound ?? 'Not found.');
      params = parsed.data;
    }
    if (policy.writeLimit) {
      if (!viewer) throw new Error('writeLimit needs roles: the limit is per signed-in person');
      await limitWrites(viewer);
    }
    let query: unknown;
    if (policy.query) {
      const parsed = policy.query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
      if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
      query = parsed.data;
    }
    const body = policy.body
      ? await parseJson(request, policy.body, { maxBytes: policy.maxBodyBytes, allowTextPlain: policy.allowTextPlain })
      : undefined;
    return handler({ request, params, requestId, viewer, query, body } as RouteContext<ParamsOf<PS, P>, ViewerOf<R>, Parsed<Q>, Parsed<B>>);
  }

  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    // A proxy's request id is kept only from a trusted proxy (scripts/serve.ts drops it otherwise); printable and short.
    const given = request.headers.get('x-request-id');
    const requestId = given && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    const started = performance.now();
    // Labels are the app's route patterns only: a made-up path cannot add a Prometheus series or histogram rows.
    const route = routeOf(request.nextUrl.pathname);
    const { timing, result } = withRequestTiming(route, () => run(request, context?.params, requestId));
    let response: Response;
    try {
      response = await result;
    } catch (error) {
      if (error instanceof ApiError) {
        response = errorResponse(error, requestId);
      } else if (request.signal.aborted || (error instanceof Error && error.message === 'aborted')) {
        // The client went away mid-request (closed tab, lost signal): nothing to answer, nothing broken here.
        logger.info('client closed the request', { requestId, method: request.method, path: request.nextUrl.pathname });
        response = new Response(null, { status: 499 });
      } else {
        logger.error('unhandled error in route handler', {
          requestId,
          method: request.method,
          path: request.nextUrl.pathname,
          error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
        });
        response = errorResponse(
          new ApiError('internal_error', 'Something went wrong on our side. Try again; if it keeps happening, quote the request id.'),
          requestId,
        );
      }
    }
    const totalMs = performance.now() - started;
    metrics().httpDuration.observe({ route, method: request.method, status_class: statusClass(response.status) }, totalMs / 1000);
    requestHistograms().record(route, request.method, response.status, totalMs);
    response.headers.set('x-request-id', requestId);
    // Cache hits and query counts describe the server: for managers and admins (or everyone with SERVER_TIMING=on).
    if (getEnv().SERVER_TIMING === 'on' || timing.viewerRole === 'MANAGER' || timing.viewerRole === 'ADMIN') {
      response.headers.set('server-timing', serverTimingHeader(timing, totalMs));
    }
    return response;
  };
}
