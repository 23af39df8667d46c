import { ANY_ROLE, withHandler } from '@/lib/platform/http/handler';
import { sessionToken } from '@/lib/platform/auth/viewer';
import { endOtherSessions, listOwnSessions } from '@/lib/users/account';

/** The viewer's own sessions, newest use first, `current` marking this device (never anyone else's). */
export const GET = withHandler(
  async ({ request, viewer }) => {
    const sessions = await listOwnSessions(viewer.id, sessionToken(request.headers));
    return Response.json({ sessions }, { headers: { 'cache-control': 'private, no-store' } });
  },
  { roles: ANY_ROLE },
);

/** Ends every other session of the viewer's: 200 `{ ended }`. */
export const DELETE = withHandler(
  async ({ request, viewer }) => Response.json(await endOtherSessions(viewer.id, sessionToken(request.headers))),
  {
    roles: ANY_ROLE,
    writeLimit: true,
  },
);
