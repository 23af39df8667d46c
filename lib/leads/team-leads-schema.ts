import { z } from 'zod';
import { text } from '../platform/validation/text';
import { LeadStatus } from '../platform/db/generated/enums';

const optionalText = (max: number) =>
  text()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? undefined : value))
    .optional();

/** Every lead status, those the queue no longer offers included (attempts used up, closed): managers find leads to recycle by them. */
export const teamLeadStatuses = Object.values(LeadStatus) as [LeadStatus, ...LeadStatus[]];

/** The managers' lead table filter (also the target of a bulk change "by filter"). */
export const TeamLeadFilter = z.object({
  status: text()
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(teamLeadStatuses, `must be one of ${teamLeadStatuses.join(', ')}`))
    .optional()
    .or(z.literal('').transform(() => undefined)),
  owner: z
    .union([z.literal('none'), z.uuid('must be an agent id or "none"')])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  priority: z.coerce
    .number()
    .int()
    .min(1)
    .max(5)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  source: optionalText(200),
  q: optionalText(100).refine((value) => value === undefined || value.length >= 2, 'type at least 2 characters to search'),
});
export type TeamLeadFilter = z.infer<typeof TeamLeadFilter>;

export const TeamLeadQuery = TeamLeadFilter.extend({
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const MAX_BULK_IDS = 10_000;

export const BulkLeadChange = z.object({
  target: z.union([
    z.object({
      ids: z
        .array(z.uuid('must be lead ids'))
        .min(1, 'select at least one lead')
        .max(MAX_BULK_IDS, `select at most ${MAX_BULK_IDS.toLocaleString('en-US')} leads, or change them by filter`),
    }),
    z.object({ filter: TeamLeadFilter }),
  ]),
  change: z.discriminatedUnion('action', [
    z.object({ action: z.literal('reassign'), ownerId: z.uuid('must be an agent id').nullable() }),
    z.object({ action: z.literal('priority'), priority: z.number().int().min(1).max(5) }),
  ]),
});
export type BulkLeadChange = z.infer<typeof BulkLeadChange>;
