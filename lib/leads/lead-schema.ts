import { z } from 'zod';
import { text } from '../platform/validation/text';
import { QUEUE_FILTER_STATUSES, WORKABLE_STATUSES } from './statuses';

export const leadStatuses = QUEUE_FILTER_STATUSES;
/** Statuses an agent still works; the queue shows these unless asked for another. */
export const workableStatuses = WORKABLE_STATUSES;

export const LeadListQuery = z.object({
  cursor: text().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  status: text()
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(leadStatuses))
    .optional(),
  q: text()
    .trim()
    .max(100)
    .transform((value) => (value === '' ? undefined : value))
    .optional()
    .refine((value) => value === undefined || value.length >= 2, 'type at least 2 characters to search'),
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;

export const LeadId = z.object({ id: z.uuid('is not a lead id') });
