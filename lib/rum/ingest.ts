/** Taking in a beacon: rate limit per client address, then queue its samples for the batch writer. */
import 'server-only';
import { createRequestLimiter, type RequestLimiter } from '../api/rate-limit';
import { getEnv } from '../env';
import { releaseId } from '../runtime/release';
import type { VitalsBeacon } from '../validations/vitals';
import { vitalsWriter } from './writer';

/**
 * A page sends one beacon per lifecycle; 120 a minute per address (VITALS_BEACONS_PER_MINUTE) leaves room
 * for a busy office behind one NAT.
 */
export const beaconsPerMinute = () => getEnv().VITALS_BEACONS_PER_MINUTE;

const globalForLimiter = globalThis as unknown as { callpaceBeaconLimiter?: RequestLimiter };

export const beaconLimiter = (): RequestLimiter =>
  (globalForLimiter.callpaceBeaconLimiter ??= createRequestLimiter('vitals', beaconsPerMinute(), 60, 'beacons from this address'));

export function acceptBeacon(beacon: VitalsBeacon, now = Date.now()): void {
  vitalsWriter().add(
    beacon.samples.map((sample) => ({
      sampleId: sample.id,
      metric: sample.metric,
      value: sample.value,
      rating: sample.rating ?? null,
      route: beacon.route,
      device: beacon.device,
      connection: beacon.connection ?? null,
      release: beacon.release ?? releaseId(),
      navigationType: beacon.navigationType ?? null,
      attribution: sample.attribution && Object.keys(sample.attribution).length ? sample.attribution : null,
      replayed: beacon.replayed ?? false,
      at: new Date(sample.at ?? now),
    })),
  );
}
