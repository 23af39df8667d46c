import { ApiError } from '@/lib/api/errors';
import { withHandler } from '@/lib/api/handler';
import { assertSameOrigin } from '@/lib/api/origin';
import { limitWrites } from '@/lib/api/write-limit';
import { requireApiViewer, sessionToken } from '@/lib/auth/viewer';
import { endOwnSession } from '@/lib/users/account';
import { SessionId } from '@/lib/validations/account';

/** Ends one of the viewer's sessions: 200 `{ current }` (true: this device is now signed out), 404 not theirs. */
export const DELETE = withHandler<{ id: string }>(async (request, { params }) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request);
  await limitWrites(viewer);
  const parsed = SessionId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such session: it may have ended already.');
  return Response.json(await endOwnSession(viewer.id, parsed.data.id, sessionToken(request.headers)));
});
