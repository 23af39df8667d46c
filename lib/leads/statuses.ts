/**
 * The groups of lead statuses the queue and the calling rules act on, as subsets of the database's
 * `LeadStatus` (so a renamed status fails the type check). Free of zod and of the database client:
 * client code may import it.
 */
import { LeadStatus } from '../platform/db/generated/enums';

/** Statuses an agent still works; the queue shows these unless asked for another. */
export const WORKABLE_STATUSES = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.CALLBACK] as const;

/** Statuses the queue never offers (a search still finds all but do-not-call). */
export const OUT_OF_QUEUE_STATUSES = [LeadStatus.DO_NOT_CALL, LeadStatus.ATTEMPTS_USED_UP, LeadStatus.CLOSED] as const;

/** Statuses a manager may recycle a lead from (back to NEW with its attempts reset). */
export const RECYCLABLE_STATUSES = [LeadStatus.ATTEMPTS_USED_UP, LeadStatus.CLOSED] as const;

type Recyclable = (typeof RECYCLABLE_STATUSES)[number];
const recyclable = (status: LeadStatus): status is Recyclable => (RECYCLABLE_STATUSES as readonly LeadStatus[]).includes(status);

/** The statuses an agent's queue may be filtered by: every status but those only a manager acts on (recycling), in schema order. */
export const QUEUE_FILTER_STATUSES = Object.values(LeadStatus).filter((status) => !recyclable(status)) as [
  Exclude<LeadStatus, Recyclable>,
  ...Exclude<LeadStatus, Recyclable>[],
];
