import { z } from 'zod';
import { text } from '../platform/validation/text';
import { callOutcomes } from './outcomes';

export { callOutcomes, type CallOutcome } from './outcomes';

const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const MAX_REPLAY_AGE_MS = 30 * 86_400_000;

export const CallInput = z
  .object({
    clientId: z.uuid('must be a UUID made on the device'),
    leadId: z.uuid('is not a lead id'),
    outcome: z.enum(callOutcomes, `must be one of ${callOutcomes.join(', ')}`),
    durationSec: z
      .number()
      .int('must be whole seconds')
      .min(0, 'cannot be negative')
      .max(4 * 3600, 'cannot exceed 4 hours'),
    engagement: z.number().int().min(0, 'is 0 to 100').max(100, 'is 0 to 100').nullish(),
    notes: text().trim().max(2000, 'must be at most 2,000 characters').nullish(),
    callbackAt: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).nullish(),
    startedAt: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).nullish(),
    recordedOffline: z.boolean().optional(),
  })
  .superRefine((call, ctx) => {
    const now = Date.now();
    const started = call.startedAt ? Date.parse(call.startedAt) : now;
    if (call.startedAt && started > now + MAX_CLOCK_SKEW_MS)
      ctx.addIssue({ code: 'custom', path: ['startedAt'], message: 'cannot be in the future' });
    if (call.startedAt && started < now - MAX_REPLAY_AGE_MS)
      ctx.addIssue({ code: 'custom', path: ['startedAt'], message: 'is more than 30 days ago' });
    if (call.outcome === 'callback' && !call.callbackAt)
      ctx.addIssue({ code: 'custom', path: ['callbackAt'], message: 'is required for a callback' });
    if (call.callbackAt && Date.parse(call.callbackAt) <= started)
      ctx.addIssue({ code: 'custom', path: ['callbackAt'], message: 'must be after the call' });
  });
export type CallInput = z.infer<typeof CallInput>;
