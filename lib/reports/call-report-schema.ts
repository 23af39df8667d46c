import { z } from 'zod';

const DAY_MS = 86_400_000;
const date = z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).or(z.iso.date('must be a date (YYYY-MM-DD)'));

/** `from` / `to` (a date alone for `to` means through the end of that UTC day; default the last 30 days) and an optional agent. */
export const CallReportParams = z
  .object({ from: date.optional(), to: date.optional(), agentId: z.uuid('must be an agent id').optional() })
  .transform((params, ctx) => {
    const to = params.to ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(params.to) ? Date.parse(params.to) + DAY_MS : params.to) : new Date();
    const from = params.from ? new Date(params.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
    if (to.getTime() - from.getTime() > 400 * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range is at most 400 days' });
    return { from, to, agentId: params.agentId };
  });
