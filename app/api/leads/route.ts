import { ApiError } from '@/lib/api/errors';
import { withHandler } from '@/lib/api/handler';
import { jsonWithETag } from '@/lib/api/http-cache';
import { requireApiViewer } from '@/lib/auth/viewer';
import { getLeadQueue } from '@/lib/data/leads';
import { LeadListQuery } from '@/lib/validations/lead';

export const GET = withHandler(async (request) => {
  const viewer = await requireApiViewer(request);
  const parsed = LeadListQuery.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  return jsonWithETag(request, await getLeadQueue(viewer, parsed.data));
});
