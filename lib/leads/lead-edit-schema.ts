/**
 * Correcting one lead (PATCH /api/leads/[id]) and creating one (POST /api/leads). Phones are parsed to
 * E.164 here with the import's normaliser, so this module is server-only in practice (libphonenumber's
 * metadata); client forms import its types only.
 */
import { z } from 'zod';
import { isTimeZone, normalizePhone } from '../imports/rows';
import { text } from '../platform/validation/text';

const PHONE_MESSAGE = 'is not a phone number we can call (use the international format, e.g. +44 20 7946 0958)';

/** Empty text clears an optional field. */
const optionalText = (max: number) =>
  text()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .transform((value) => value || null);

const fields = {
  firstName: text().trim().min(1, 'cannot be empty').max(100, 'must be at most 100 characters'),
  lastName: text().trim().max(100, 'must be at most 100 characters'),
  company: optionalText(200),
  phone: text()
    .trim()
    .max(40, PHONE_MESSAGE)
    .transform((raw, ctx) => {
      const parsed = normalizePhone(raw, undefined);
      if ('phone' in parsed) return parsed.phone;
      ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
      return z.NEVER;
    }),
  email: text()
    .trim()
    .toLowerCase()
    .max(254, 'must be at most 254 characters')
    .pipe(z.union([z.literal(''), z.email('is not an email address')]))
    .nullable()
    .transform((value) => value || null),
  timezone: text().trim().refine(isTimeZone, 'is not an IANA time zone such as Europe/London or America/New_York'),
  notes: optionalText(2_000),
  /** An active agent (of the manager's team), or null for nobody. Managers and admins only. */
  ownerId: z.uuid('is not an agent id').nullable(),
  /** 1 (highest) .. 5 (lowest). Managers and admins only. */
  priority: z
    .number('must be a whole number from 1 to 5')
    .int('must be a whole number from 1 to 5')
    .min(1, 'must be from 1 to 5')
    .max(5, 'must be from 1 to 5'),
};

const LeadFields = z.object(fields);

/** The fields a change names (everything but its client id). */
export const editableFields = [...(Object.keys(fields) as (keyof typeof fields)[]), 'recycle'] as const;

export const LeadEdit = LeadFields.partial()
  .extend({
    /** Made on the device: the idempotency key (the audit event's id). */
    clientId: z.uuid('must be a UUID made for this change'),
    /** Back to NEW with no attempts and no next call (a lead whose attempts are used up, or closed). Managers and admins only. */
    recycle: z.literal(true, 'can only be true').optional(),
  })
  .refine((edit) => editableFields.some((field) => edit[field] !== undefined), 'has nothing to change: send at least one field');
export type LeadEdit = z.infer<typeof LeadEdit>;

/** A field a new lead must have, with a message that says so when it is missing. */
const required = <T extends z.ZodType<unknown, string>>(schema: T, what: string) =>
  z.string({ error: `is required: ${what}` }).pipe(schema);

export const LeadCreate = LeadFields.partial({ company: true, email: true, notes: true, ownerId: true, priority: true }).extend({
  firstName: required(fields.firstName, 'the lead’s first name'),
  lastName: required(fields.lastName, 'the lead’s last name (it may be empty)'),
  phone: required(fields.phone, 'a number in international format, e.g. +44 20 7946 0958'),
  timezone: required(fields.timezone, 'the lead’s IANA time zone, such as Europe/London'),
  clientId: z.uuid('must be a UUID made for this lead').optional(),
});
export type LeadCreate = z.infer<typeof LeadCreate>;
