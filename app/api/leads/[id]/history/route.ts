import { ANY_ROLE, withHandler } from '@/lib/platform/http/handler';
import { leadHistory } from '@/lib/leads/history';
import { LeadId } from '@/lib/leads/lead-schema';

/** The lead's change history, newest first: `{ items: [{ eventId, action, at, actorName, actorRole, changes: [{ field, from, to }] }] }`. */
export const GET = withHandler(async ({ viewer, params }) => Response.json({ items: await leadHistory(viewer, params.id) }), {
  roles: ANY_ROLE,
  params: LeadId,
  notFound: 'No such lead, or it is not yours.',
});
