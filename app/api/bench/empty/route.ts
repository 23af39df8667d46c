import { benchDisabled } from '@/lib/api/bench-only';

/**
 * An empty route handler: the yardstick `npm run bench` divides every
 * endpoint's throughput by, measured in the same run. Reads nothing, writes
 * nothing, answers 204. Only with BENCH=on.
 */
export const GET = () => benchDisabled() ?? new Response(null, { status: 204 });
