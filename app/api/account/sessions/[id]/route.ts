import { ApiError } from '@/lib/platform/http/errors';
import { ANY_ROLE, withHandler } from '@/lib/platform/http/handler';
import { sessionToken } from '@/lib/platform/auth/viewer';
import { endOwnSession } from '@/lib/users/account';
import { SessionId } from '@/lib/users/account-schema';

/** Ends one of the viewer's sessions: 200 `{ current }` (true: this device is now signed out), 404 not theirs. */
export const DELETE = withHandler(
  async ({ request, viewer, params }) => {
    // The id is checked after the write limit (a malformed id still counts as a write): not the wrapper's order.
    const parsed = SessionId.safeParse(params);
    if (!parsed.success) throw new ApiError('not_found', 'No such session: it may have ended already.');
    return Response.json(await endOwnSession(viewer.id, parsed.data.id, sessionToken(request.headers)));
  },
  { roles: ANY_ROLE, writeLimit: true },
);
