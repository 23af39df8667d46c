import { benchDisabled } from '@/lib/platform/http/bench';

/**
 * An empty route handler: the yardstick `npm run bench` divides every
 * endpoint's throughput by, measured in the same run. Reads nothing, writes
 * nothing, answers 204.
 */
export const GET = () => benchDisabled() ?? new Response(null, { status: 204 });
