import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer, sessionToken } from '@/lib/platform/auth/viewer';
import { endOtherSessions, listOwnSessions } from '@/lib/users/account';

/** The viewer's own sessions, newest use first, `current` marking this device (never anyone else's). */
export const GET = withHandler(async (request) => {
  const viewer = await requireApiViewer(request);
  const sessions = await listOwnSessions(viewer.id, sessionToken(request.headers));
  return Response.json({ sessions }, { headers: { 'cache-control': 'private, no-store' } });
});

/** Ends every other session of the viewer's: 200 `{ ended }`. */
export const DELETE = withHandler(async (request) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request);
  await limitWrites(viewer);
  return Response.json(await endOtherSessions(viewer.id, sessionToken(request.headers)));
});
