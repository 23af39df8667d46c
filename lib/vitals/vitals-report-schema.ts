import { z } from 'zod';
import { text } from '../platform/validation/text';
import { vitalNames, type VitalName } from '../platform/budgets';
import { RoutePattern } from './beacon-schema';

const DAY_MS = 86_400_000;

export const VitalsReportParams = z
  .object({
    from: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).or(z.iso.date('must be a date (YYYY-MM-DD)')).optional(),
    to: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).or(z.iso.date('must be a date (YYYY-MM-DD)')).optional(),
    metric: text()
      .refine((m): m is VitalName => (vitalNames as string[]).includes(m), `must be one of ${vitalNames.join(', ')}`)
      .optional(),
    route: RoutePattern.optional(),
    device: z.enum(['mobile', 'tablet', 'desktop']).optional(),
    release: text()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a release id')
      .optional(),
  })
  .transform((params, ctx) => {
    // A date alone for `to` means through the end of that (UTC) day.
    const to = params.to ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(params.to) ? Date.parse(params.to) + DAY_MS : params.to) : new Date();
    const from = params.from ? new Date(params.from) : new Date(to.getTime() - 28 * DAY_MS);
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
    if (to.getTime() - from.getTime() > 400 * DAY_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range is at most 400 days' });
    return { ...params, metric: params.metric as VitalName | undefined, from, to };
  });
