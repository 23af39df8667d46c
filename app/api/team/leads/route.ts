import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { teamLeadsPage } from '@/lib/leads/team-leads';
import { TeamLeadQuery } from '@/lib/leads/team-leads-schema';

/**
 * The managers' lead table: the team's and unassigned leads (every lead for an admin), newest first,
 * filtered by status, owner (an agent id or "none"), priority, source and a search; keyset pages with
 * `nextCursor`, and `total` on the first page.
 */
export const GET = withHandler(async (request) => {
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = TeamLeadQuery.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  const { cursor, limit, ...filter } = parsed.data;
  return jsonWithETag(request, await teamLeadsPage(viewer, filter, { cursor, limit }));
});
