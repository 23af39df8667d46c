/**
 * Writes per signed-in user, shared by every instance (Redis): WRITES_PER_MINUTE
 * (240) calls, reservations, imports and bulk changes a minute. A person
 * working the queue makes a few a minute; an outbox replaying a day offline
 * drains at a few a second and, on a 429 (with Retry-After), backs off and
 * retries on its own schedule; only a runaway client is held.
 */
import 'server-only';
import type { Viewer } from '../auth/viewer';
import { getEnv } from '../env';
import { singleton } from '../runtime/singleton';
import { createRequestLimiter } from './rate-limit';

export async function limitWrites(viewer: Pick<Viewer, 'id'>): Promise<void> {
  const limiter = singleton('write-limiter', () =>
    createRequestLimiter('writes', getEnv().WRITES_PER_MINUTE, 60, 'changes from this account'),
  );
  await limiter.check(viewer.id);
}
