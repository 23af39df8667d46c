import { parseJson } from '@/lib/api/body';
import { ApiError } from '@/lib/api/errors';
import { withHandler } from '@/lib/api/handler';
import { jsonWithETag } from '@/lib/api/http-cache';
import { assertSameOrigin } from '@/lib/api/origin';
import { limitWrites } from '@/lib/api/write-limit';
import { requireApiViewer } from '@/lib/auth/viewer';
import { getLeadDetail } from '@/lib/data/leads';
import { editLead } from '@/lib/leads/edit-lead';
import { LeadId } from '@/lib/validations/lead';
import { LeadEdit } from '@/lib/validations/lead-edit';

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
