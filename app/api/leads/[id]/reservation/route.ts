import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { reserveLead } from '@/lib/leads/reserve-lead';
import { LeadId } from '@/lib/leads/lead-schema';

const notFound = () => new ApiError('not_found', 'No such lead, or it is not yours.');

/** Reserve (or renew the hold on) a lead while the agent works it. */
export const POST = withHandler(
  async ({ viewer, params }) => {
    // The id is checked after the write limit (a malformed id still counts as a write): not the wrapper's order.
    const parsed = LeadId.safeParse(params);
    if (!parsed.success) throw notFound();
    const until = await reserveLead(viewer, parsed.data.id);
    if (until === 'not_found') throw notFound();
    if (until === 'held') throw new ApiError('conflict', 'Someone else is working this lead right now.');
    return Response.json({ leadId: parsed.data.id, reservedUntil: until.toISOString() });
  },
  { roles: ['AGENT'], writeLimit: true },
);
