import { parseJson } from '@/lib/platform/http/body';
import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { updateUser } from '@/lib/users/manage';
import { listPeople } from '@/lib/users/people';
import { UserChange, UserId } from '@/lib/users/users-schema';

/**
 * Change a person: `{ name?, role?, managerId?, active?, reassign? }`. `active: false` signs them out everywhere,
 * releases their reservations and, with `reassign` (`{ to: "agent", agentId }`, `{ to: "round_robin" }` or
 * `{ to: "unassigned" }`), moves their open leads in the same transaction. Answers the person as now listed and what
 * changed. 403 outside the viewer's team or for a manager making a manager or admin; 409 for the last admin, a
 * manager who still has agents, or oneself.
 */
export const PATCH = withHandler<{ id: string }>(async (request, { params }) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = UserId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such person.');
  await limitWrites(viewer);
  const change = await parseJson(request, UserChange, { maxBytes: 4 * 1024 });
  const result = await updateUser(viewer, parsed.data.id, change);
  const [person] = await listPeople({ id: viewer.id, role: 'ADMIN' }, parsed.data.id);
  return Response.json({ person, ...result });
});
