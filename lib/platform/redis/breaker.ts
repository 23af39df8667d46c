/**
 * Every Redis call, over TCP or Upstash's REST API, goes through one circuit
 * breaker (cockatiel): the first transport failure (unreachable, timed out)
 * opens it, and for BREAKER_OPEN_MS every command fails at once without
 * touching the network, so with Redis stopped or stalled a request pays at
 * most one short wait (REDIS_WAIT_MS) per window, never one per Redis call.
 * Then a single trial command decides whether it closes again. Every caller
 * has a fallback (memory limiter, the database, this instance's counts).
 */
import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis';
import { circuitBreaker, ConsecutiveBreaker, handleWhen, isBrokenCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import { logger } from '../runtime/logger';

/** How long a command may wait for Redis: short, because every caller has a fallback. */
export const REDIS_WAIT_MS = 250;
/** After a failure, calls fail at once for this long; then one trial call is let through. */
export const BREAKER_OPEN_MS = 5_000;

/**
 * A call refused at once because the breaker is open: expected while Redis is down, and not worth a log
 * line per request (the breaker's opening and closing are logged, once each).
 */
export const isBreakerOpen = (error: unknown) => isBrokenCircuitError(error); // cockatiel's error keeps the name 'Error': test its mark

/**
 * Redis's own answers are not transport failures: an error reply over TCP (ReplyError) or a refused command
 * over REST (UpstashError, the HTTP 4xx Upstash answers for a bad command).
 */
const isTransportFailure = (error: Error) => error.name !== 'ReplyError' && error.name !== 'UpstashError';

export class BreakerRequester implements Requester {
  readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly transport: Requester,
    openMs = BREAKER_OPEN_MS,
  ) {
    this.breaker = circuitBreaker(handleWhen(isTransportFailure), { halfOpenAfter: openMs, breaker: new ConsecutiveBreaker(1) });
    this.breaker.onBreak(() => logger.warn('Redis unreachable: calls fail fast; fallbacks in use', { retryInMs: openMs }));
    this.breaker.onReset(() => logger.info('Redis reachable again'));
  }

  request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    return this.breaker.execute(() => this.transport.request<TResult>(req));
  }
}
