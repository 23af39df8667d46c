import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { leadHistory } from '@/lib/leads/history';
import { LeadId } from '@/lib/leads/lead-schema';

/** The lead's change history, newest first: `{ items: [{ eventId, action, at, actorName, actorRole, changes: [{ field, from, to }] }] }`. */
export const GET = withHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await requireApiViewer(request);
  const parsed = LeadId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such lead, or it is not yours.');
  return Response.json({ items: await leadHistory(viewer, parsed.data.id) });
});
