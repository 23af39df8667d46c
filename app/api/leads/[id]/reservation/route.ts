import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { reserveLead } from '@/lib/leads/reserve-lead';
import { LeadId } from '@/lib/leads/lead-schema';

/** Reserve (or renew the hold on) a lead while the agent works it. */
export const POST = withHandler<{ id: string }>(async (request, { params }) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request, ['AGENT']);
  await limitWrites(viewer);
  const parsed = LeadId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such lead, or it is not yours.');
  const until = await reserveLead(viewer, parsed.data.id);
  if (until === 'not_found') throw new ApiError('not_found', 'No such lead, or it is not yours.');
  if (until === 'held') throw new ApiError('conflict', 'Someone else is working this lead right now.');
  return Response.json({ leadId: parsed.data.id, reservedUntil: until.toISOString() });
});
