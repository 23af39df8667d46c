import { ANY_ROLE, withHandler } from '@/lib/platform/http/handler';
import { jsonWithETag } from '@/lib/platform/http/http-cache';
import { getLeadQueue } from '@/lib/leads/reads';
import { createLead } from '@/lib/leads/edit-lead';
import { LeadListQuery } from '@/lib/leads/lead-schema';
import { LeadCreate } from '@/lib/leads/lead-edit-schema';

export const GET = withHandler(async ({ request, viewer, query }) => jsonWithETag(request, await getLeadQueue(viewer, query)), {
  roles: ANY_ROLE,
  query: LeadListQuery,
});

/**
 * Creates one lead (managers and admins): `{ firstName, lastName, phone, timezone, company?, email?, notes?,
 * priority?, ownerId?, clientId? }`. 201 with the lead; 200 for a replay of the same clientId.
 */
export const POST = withHandler(
  async ({ viewer, body }) => {
    const { lead, created } = await createLead(viewer, body);
    return Response.json(lead, { status: created ? 201 : 200 });
  },
  { roles: ['MANAGER', 'ADMIN'], writeLimit: true, body: LeadCreate, maxBodyBytes: 16 * 1024 },
);
