import { withHandler } from '@/lib/platform/http/handler';
import { listTeamLeads } from '@/lib/leads/team-leads';
import { csvResponse } from '@/lib/platform/csv/response';
import { TeamLeadFilter } from '@/lib/leads/team-leads-schema';

/** The lead table as CSV, with the same filters and scope, streamed in pages of 2,000. */
export const GET = withHandler(
  async ({ viewer, query: filter }) => {
    async function* batches() {
      let cursor: string | undefined;
      do {
        const page = await listTeamLeads(viewer, filter, { cursor, limit: 2_000 });
        yield page.items.map((lead) => [
          lead.id,
          lead.name,
          lead.company,
          lead.phone,
          lead.email,
          lead.status,
          lead.priority,
          lead.ownerName,
          lead.source,
          lead.lastCalledAt,
          lead.createdAt,
        ]);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    const day = new Date().toISOString().slice(0, 10);
    return csvResponse(
      `leads-${day}.csv`,
      ['id', 'name', 'company', 'phone', 'email', 'status', 'priority', 'owner', 'source', 'last_called_at', 'created_at'],
      batches(),
    );
  },
  { roles: ['MANAGER', 'ADMIN'], query: TeamLeadFilter },
);
