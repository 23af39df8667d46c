import { withHandler } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { teamLeadsPage } from '@/lib/leads/team-leads';
import { TeamLeadQuery } from '@/lib/leads/team-leads-schema';

/**
 * The managers' lead table: the team's and unassigned leads (every lead for an admin), newest first,
 * filtered by status, owner (an agent id or "none"), priority, source and a search; keyset pages with
 * `nextCursor`, and `total` on the first page.
 */
export const GET = withHandler(
  async ({ request, viewer, query: { cursor, limit, ...filter } }) =>
    jsonWithETag(request, await teamLeadsPage(viewer, filter, { cursor, limit })),
  { roles: ['MANAGER', 'ADMIN'], query: TeamLeadQuery },
);
