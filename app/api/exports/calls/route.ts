import { withHandler } from '@/lib/platform/http/handler';
import { csvResponse } from '@/lib/platform/csv/response';
import { CALL_EXPORT_COLUMNS, exportCallRows } from '@/lib/calls/export-calls';
import { reportAgents } from '@/lib/reports/report-scope';
import { CallReportParams } from '@/lib/reports/call-report-schema';

/**
 * Calls of the team (or one agent) in a range, live and archived, oldest first, as CSV streamed in
 * keyset batches. Same parameters and scope as GET /api/reports/calls.
 */
export const GET = withHandler(
  async ({ viewer, query: { from, to, agentId } }) => {
    const agentIds = await reportAgents(viewer, agentId);
    const name = `calls-${from.toISOString().slice(0, 10)}-to-${to.toISOString().slice(0, 10)}.csv`;
    return csvResponse(name, CALL_EXPORT_COLUMNS, exportCallRows({ agentIds, from, to }));
  },
  { roles: ['MANAGER', 'ADMIN'], query: CallReportParams },
);
