/** Taking in a beacon: rate limit per client address, a release this deployment has served, then queue its samples for the batch writer. */
import 'server-only';
import { ApiError } from '../platform/http/errors';
import { createRequestLimiter, type RequestLimiter } from '../platform/http/rate-limit';
import { getEnv } from '../platform/env';
import { releaseId } from '../platform/runtime/release';
import { singleton } from '../platform/runtime/singleton';
import type { VitalsBeacon } from './beacon-schema';
import { isKnownRelease } from './releases';
import { vitalsWriter } from './writer';

/**
 * A page sends one beacon per lifecycle; 120 a minute per address (VITALS_BEACONS_PER_MINUTE) leaves room
 * for a busy office behind one NAT.
 */
export const beaconsPerMinute = () => getEnv().VITALS_BEACONS_PER_MINUTE;

export const beaconLimiter = (): RequestLimiter =>
  singleton('beacon-limiter', () => createRequestLimiter('vitals', beaconsPerMinute(), 60, 'beacons from this address'));

export async function acceptBeacon(beacon: VitalsBeacon, now = Date.now()): Promise<void> {
  const release = beacon.release ?? releaseId();
  if (!(await isKnownRelease(release))) {
    throw new ApiError('unprocessable_entity', 'Invalid body: release is not a release of this app', {
      issues: [{ path: 'release', message: 'is not a release of this app' }],
    });
  }
  vitalsWriter().add(
    beacon.samples.map((sample) => ({
      sampleId: sample.id,
      metric: sample.metric,
      value: sample.value,
      rating: sample.rating ?? null,
      route: beacon.route,
      device: beacon.device,
      connection: beacon.connection ?? null,
      release,
      navigationType: beacon.navigationType ?? null,
      attribution: sample.attribution && Object.keys(sample.attribution).length ? sample.attribution : null,
      replayed: beacon.replayed ?? false,
      at: new Date(sample.at ?? now),
    })),
  );
}
