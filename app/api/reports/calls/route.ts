import { withHandler } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { getTeamCallReport } from '@/lib/reports/team-call-report';
import { CallReportParams } from '@/lib/reports/call-report-schema';

/**
 * Call results for a range (default the last 30 days) over the manager's team, or one agent of it:
 * `totals`, `byOutcome`, `byHour` and `byDay` (in the manager's time zone), `byAgent` and the
 * weekday × hour `heatmap` in each lead's local time. Managers and admins.
 */
export const GET = withHandler(async ({ request, viewer, query }) => jsonWithETag(request, await getTeamCallReport(viewer, query)), {
  roles: ['MANAGER', 'ADMIN'],
  query: CallReportParams,
});
