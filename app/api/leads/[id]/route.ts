import { withHandler, ANY_ROLE } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { getLeadDetail } from '@/lib/leads/reads';
import { editLead } from '@/lib/leads/edit-lead';
import { LeadId } from '@/lib/leads/lead-schema';
import { LeadEdit } from '@/lib/leads/lead-edit-schema';

const lead = { params: LeadId, notFound: 'No such lead, or it is not yours.' };

export const GET = withHandler(async ({ request, viewer, params }) => jsonWithETag(request, await getLeadDetail(viewer, params.id)), {
  roles: ANY_ROLE,
  ...lead,
});

/**
 * Corrects a lead: `{ clientId, firstName?, lastName?, company?, phone?, email?, timezone?, notes? }`, and for
 * managers and admins also `ownerId?`, `priority?`, `recycle?: true`. Idempotent on clientId (a replay answers
 * 200 with the lead as it is); answers the lead.
 */
export const PATCH = withHandler(async ({ viewer, params, body }) => Response.json(await editLead(viewer, params.id, body)), {
  roles: ANY_ROLE,
  writeLimit: true,
  body: LeadEdit,
  maxBodyBytes: 16 * 1024,
  ...lead,
});
