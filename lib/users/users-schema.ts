import { z } from 'zod';
import { Role as Roles } from '../platform/db/generated/enums';
import { isTimestamptz } from '../platform/validation/timestamptz';
import { text } from '../platform/validation/text';

export const roles = Object.values(Roles);

/** Trimmed and lower-cased before it is checked or stored, so one person has one address. */
export const Email = text().trim().toLowerCase().max(254, 'must be at most 254 characters').pipe(z.email('is not an email address'));

const Name = text().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const Role = z.enum(Roles, `must be one of ${roles.join(', ')}`);
const ManagerId = z.uuid('must be a manager’s id');

/** POST /api/users: invite a person. Agents need a manager (a manager's own invitations go to their team). */
export const UserInvite = z.object({
  email: Email,
  name: Name,
  role: Role,
  managerId: ManagerId.nullable().optional(),
});
export type UserInvite = z.infer<typeof UserInvite>;

/** Where a deactivated person's open leads go; omitted, they stay with them. */
export const Reassign = z.discriminatedUnion(
  'to',
  [
    z.object({ to: z.literal('agent'), agentId: z.uuid('must be an agent’s id') }),
    z.object({ to: z.literal('round_robin') }),
    z.object({ to: z.literal('unassigned') }),
  ],
  'must be { to: "agent", agentId }, { to: "round_robin" } or { to: "unassigned" }',
);
export type Reassign = z.infer<typeof Reassign>;

/** PATCH /api/users/[id]. */
export const UserChange = z
  .object({
    name: Name.optional(),
    role: Role.optional(),
    managerId: ManagerId.nullable().optional(),
    active: z.boolean().optional(),
    reassign: Reassign.optional(),
  })
  .strict()
  .refine((change) => Object.values(change).some((value) => value !== undefined), 'send at least one of name, role, managerId, active')
  .refine((change) => change.reassign === undefined || change.active === false, {
    message: 'only goes with active: false (a deactivation)',
    path: ['reassign'],
  });
export type UserChange = z.infer<typeof UserChange>;

export const UserId = z.object({ id: z.uuid() });

/** `<createdAt ISO>_<id>` of the last event shown: the next page is what came before it. */
export const AuditCursor = text()
  .max(80)
  .transform((value, ctx) => {
    const at = value.lastIndexOf('_');
    const createdAt = value.slice(0, at);
    const id = value.slice(at + 1);
    if (at > 0 && isTimestamptz(createdAt) && z.uuid().safeParse(id).success) return { createdAt, id };
    ctx.addIssue({ code: 'custom', message: 'is not a cursor from this page (use the “Older” link)' });
    return z.NEVER;
  });

export const AuditQuery = z.object({
  before: AuditCursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
