import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { reportAgents } from '@/lib/reports/report-scope';
import { db } from '@/lib/platform/db/client';
import { csvResponse } from '@/lib/platform/csv/response';
import { CallReportParams } from '@/lib/reports/call-report-schema';

const BATCH = 5_000;

interface CallRow {
  id: string; started_at: Date; agent: string; lead_id: string; lead: string; phone: string | null; outcome: string; duration_sec: number;
  engagement: number | null; notes: string | null; callback_at: Date | null; recorded_offline: boolean;
}

/**
 * Calls of the team (or one agent) in a range, live and archived, oldest first, as CSV streamed in
 * keyset batches. Same parameters and scope as GET /api/reports/calls.
 */
export const GET = withHandler(async (request) => {
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = CallReportParams.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  const { from, to, agentId } = parsed.data;
  const agentIds = await reportAgents(viewer, agentId);
  async function* batches() {
    let after: [Date, string] = [new Date(from.getTime() - 1), '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      const rows = await db.$queryRaw<CallRow[]>`
        SELECT c.id, c.started_at, u.name AS agent, c.lead_id, l.first_name || ' ' || l.last_name AS lead, l.phone, c.outcome::text AS outcome,
               c.duration_sec, c.engagement, c.notes, c.callback_at, c.recorded_offline
          FROM calls_all c JOIN users u ON u.id = c.agent_id LEFT JOIN leads l ON l.id = c.lead_id
         WHERE c.agent_id = ANY(${agentIds}::uuid[]) AND c.started_at >= ${from} AND c.started_at < ${to}
           AND (c.started_at, c.id) > (${after[0]}::timestamptz, ${after[1]}::uuid)
         ORDER BY c.started_at, c.id
         LIMIT ${BATCH}`;
      yield rows.map((row) => [row.id, row.started_at, row.agent, row.lead_id, row.lead, row.phone, row.outcome, row.duration_sec, row.engagement, row.notes, row.callback_at, row.recorded_offline]);
      if (rows.length < BATCH) return;
      const last = rows[rows.length - 1];
      after = [last.started_at, last.id];
    }
  }
  const name = `calls-${from.toISOString().slice(0, 10)}-to-${to.toISOString().slice(0, 10)}.csv`;
  return csvResponse(name, ['id', 'started_at', 'agent', 'lead_id', 'lead', 'phone', 'outcome', 'duration_sec', 'engagement', 'notes', 'callback_at', 'recorded_offline'], batches());
});
