import { parseJson } from '@/lib/platform/http/body';
import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { getLeadQueue } from '@/lib/leads/reads';
import { createLead } from '@/lib/leads/edit-lead';
import { LeadListQuery } from '@/lib/leads/lead-schema';
import { LeadCreate } from '@/lib/leads/lead-edit-schema';

export const GET = withHandler(async (request) => {
  const viewer = await requireApiViewer(request);
  const parsed = LeadListQuery.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  return jsonWithETag(request, await getLeadQueue(viewer, parsed.data));
});

/**
 * Creates one lead (managers and admins): `{ firstName, lastName, phone, timezone, company?, email?, notes?,
 * priority?, ownerId?, clientId? }`. 201 with the lead; 200 for a replay of the same clientId.
 */
export const POST = withHandler(async (request) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  await limitWrites(viewer);
  const body = await parseJson(request, LeadCreate, { maxBytes: 16 * 1024 });
  const { lead, created } = await createLead(viewer, body);
  return Response.json(lead, { status: created ? 201 : 200 });
});
