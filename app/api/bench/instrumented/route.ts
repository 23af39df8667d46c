import { benchDisabled } from '@/lib/platform/http/bench';
import { withHandler } from '@/lib/platform/http/handler';

/**
 * The empty route handler inside the wrapper every real route uses (request
 * id, timing histograms, Server-Timing): `npm run bench` sets it beside
 * /api/bench/empty to measure what the instrumentation costs.
 */
export const GET = withHandler(async () => benchDisabled() ?? new Response(null, { status: 204 }));
