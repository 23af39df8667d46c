import { withHandler } from '@/lib/platform/http/handler';
import { bulkChangeLeads } from '@/lib/leads/team-leads';
import { BulkLeadChange } from '@/lib/leads/team-leads-schema';

/**
 * Reassign leads or set their priority, for selected ids (at most 10,000) or for every lead matching a
 * filter: `{ target: { ids } | { filter }, change: { action: "reassign", ownerId } | { action: "priority", priority } }`.
 * One transaction with an audit event; answers how many leads changed.
 */
export const POST = withHandler(async ({ viewer, body }) => Response.json(await bulkChangeLeads(viewer, body)), {
  roles: ['MANAGER', 'ADMIN'],
  writeLimit: true,
  body: BulkLeadChange,
  maxBodyBytes: 512 * 1024,
});
