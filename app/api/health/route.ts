import { withHandler } from '@/lib/platform/http/handler';

// Liveness: no I/O, so it answers even when dependencies are down.
export const GET = withHandler(async () => Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } }));
