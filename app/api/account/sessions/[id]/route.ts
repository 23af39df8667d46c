import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer, sessionToken } from '@/lib/platform/auth/viewer';
import { endOwnSession } from '@/lib/users/account';
import { SessionId } from '@/lib/users/account-schema';

/** Ends one of the viewer's sessions: 200 `{ current }` (true: this device is now signed out), 404 not theirs. */
export const DELETE = withHandler<{ id: string }>(async (request, { params }) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request);
  await limitWrites(viewer);
  const parsed = SessionId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such session: it may have ended already.');
  return Response.json(await endOwnSession(viewer.id, parsed.data.id, sessionToken(request.headers)));
});
