import { parseJson } from '@/lib/platform/http/body';
import { withHandler } from '@/lib/platform/http/handler';
import { clientAddress } from '@/lib/platform/http/client-address';
import { acceptBeacon, beaconLimiter } from '@/lib/vitals/ingest';
import { VitalsBeacon } from '@/lib/vitals/beacon-schema';

/**
 * Field samples from the app's own pages and releases (else 422). Anonymous; JSON sent as
 * application/json or text/plain (sendBeacon); 16 KB at most. Answers 204 at
 * once: the samples are stored in batches off the response path.
 */
export const POST = withHandler(async ({ request }) => {
  // The beacon limit (per address, signed out) comes before the body, so bad beacons count too: parsed here, not in the policy.
  await beaconLimiter().check(clientAddress(request.headers));
  await acceptBeacon(await parseJson(request, VitalsBeacon, { maxBytes: 16 * 1024, allowTextPlain: true }));
  return new Response(null, { status: 204 });
});
