import { parseJson } from '@/lib/platform/http/body';
import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { getLeadDetail } from '@/lib/leads/reads';
import { editLead } from '@/lib/leads/edit-lead';
import { LeadId } from '@/lib/leads/lead-schema';
import { LeadEdit } from '@/lib/leads/lead-edit-schema';

const leadIdOf = async (params: Promise<{ id: string }>) => {
  const parsed = LeadId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such lead, or it is not yours.');
  return parsed.data.id;
};

export const GET = withHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await requireApiViewer(request);
  return jsonWithETag(request, await getLeadDetail(viewer, await leadIdOf(params)));
});

/**
 * Corrects a lead: `{ clientId, firstName?, lastName?, company?, phone?, email?, timezone?, notes? }`, and for
 * managers and admins also `ownerId?`, `priority?`, `recycle?: true`. Idempotent on clientId (a replay answers
 * 200 with the lead as it is); answers the lead.
 */
export const PATCH = withHandler<{ id: string }>(async (request, { params }) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request);
  const id = await leadIdOf(params);
  await limitWrites(viewer);
  const body = await parseJson(request, LeadEdit, { maxBytes: 16 * 1024 });
  return Response.json(await editLead(viewer, id, body));
});
