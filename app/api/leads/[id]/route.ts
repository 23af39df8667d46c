import { ApiError } from '@/lib/api/errors';
import { withHandler } from '@/lib/api/handler';
import { jsonWithETag } from '@/lib/api/http-cache';
import { requireApiViewer } from '@/lib/auth/viewer';
import { getLeadDetail } from '@/lib/data/leads';
import { LeadId } from '@/lib/validations/lead';

export const GET = withHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await requireApiViewer(request);
  const parsed = LeadId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such lead, or it is not yours.');
  return jsonWithETag(request, await getLeadDetail(viewer, parsed.data.id));
});
