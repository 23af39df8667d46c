/**
 * The wrapper every route handler uses: a request id on every response,
 * ApiErrors turned into the envelope, anything unexpected logged with the
 * request id and answered as a bare 500 (no internals leak). Every request
 * is timed by route pattern, method and status class (Prometheus histogram
 * and the per-minute request histograms) and answered with a Server-Timing
 * header (db, cache, total).
 */
import { randomUUID } from 'node:crypto';
import type { NextRequest, NextResponse } from 'next/server';
import { ApiError, errorResponse } from './errors';
import { getEnv } from '../env';
import { logger } from '../runtime/logger';
import { serverTimingHeader, withRequestTiming } from '../metrics/context';
import { metrics } from '../metrics/registry';
import { requestHistograms, statusClass } from '../metrics/request-histograms';
import { routeOf } from './route-patterns';

export interface HandlerContext<P> {
  params: Promise<P>;
  requestId: string;
}

type Handler<P> = (request: NextRequest, context: HandlerContext<P>) => Promise<Response | NextResponse>;

export function withHandler<P = Record<string, string>>(handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    // A proxy's request id is kept only from a trusted proxy (scripts/serve.ts drops it otherwise); printable and short.
    const given = request.headers.get('x-request-id');
    const requestId = given && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    const started = performance.now();
    // Labels are the app's route patterns only: a made-up path cannot add a Prometheus series or histogram rows.
    const route = routeOf(request.nextUrl.pathname);
    const { timing, result } = withRequestTiming(route, () => handler(request, { params: context.params, requestId }));
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
        response = errorResponse(new ApiError('internal_error', 'Something went wrong on our side. Try again; if it keeps happening, quote the request id.'), requestId);
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
