import { parseJson } from '@/lib/api/body';
import { withHandler } from '@/lib/api/handler';
import { clientAddress } from '@/lib/api/client-address';
import { acceptBeacon, beaconLimiter } from '@/lib/rum/ingest';
import { VitalsBeacon } from '@/lib/validations/vitals';

/**
 * Field samples from the app's own pages and releases (else 422). Anonymous; JSON sent as
 * application/json or text/plain (sendBeacon); 16 KB at most. Answers 204 at
 * once: the samples are stored in batches off the response path.
 */
export const POST = withHandler(async (request) => {
  await beaconLimiter().check(clientAddress(request.headers));
  await acceptBeacon(await parseJson(request, VitalsBeacon, { maxBytes: 16 * 1024, allowTextPlain: true }));
  return new Response(null, { status: 204 });
});
