import { parseJson } from '@/lib/platform/http/body';
import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { bulkChangeLeads } from '@/lib/leads/team-leads';
import { BulkLeadChange } from '@/lib/leads/team-leads-schema';

/**
 * Reassign leads or set their priority, for selected ids (at most 10,000) or for every lead matching a
 * filter: `{ target: { ids } | { filter }, change: { action: "reassign", ownerId } | { action: "priority", priority } }`.
 * One transaction with an audit event; answers how many leads changed.
 */
export const POST = withHandler(async (request) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  await limitWrites(viewer);
  const body = await parseJson(request, BulkLeadChange, { maxBytes: 512 * 1024 });
  return Response.json(await bulkChangeLeads(viewer, body));
});
