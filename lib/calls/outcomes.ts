/**
 * Call outcomes as they travel on the wire: the database's `CallOutcome` values in lower case, in the
 * schema's order (the order forms list them in). Kept free of zod and of the database client, so client
 * components can import it cheaply: the generated enums module is plain constants.
 */
import { CallOutcome as DbCallOutcome, LeadStatus } from '../platform/db/generated/enums';
import { WORKABLE_STATUSES } from '../leads/statuses';

export type CallOutcome = Lowercase<DbCallOutcome>;

/** An outcome as the API speaks it, from the database's. */
export const wireOutcome = (outcome: DbCallOutcome) => outcome.toLowerCase() as CallOutcome;
/** An outcome as the database stores it, from the API's. */
export const dbOutcome = (outcome: CallOutcome) => outcome.toUpperCase() as DbCallOutcome;

export const callOutcomes = Object.values(DbCallOutcome).map(wireOutcome) as readonly CallOutcome[] as readonly [
  CallOutcome,
  ...CallOutcome[],
];

/** What people read for each outcome. */
export const outcomeLabels: Record<CallOutcome, string> = {
  connected: 'Connected',
  no_answer: 'No answer',
  voicemail: 'Voicemail',
  busy: 'Busy',
  wrong_number: 'Wrong number',
  callback: 'Callback',
  qualified: 'Qualified',
  not_interested: 'Not interested',
  do_not_call: 'Do not call',
};

/** The lead status a call's outcome leaves behind (the seed's histories follow the same rule). */
export const statusAfterOutcome: Record<CallOutcome, LeadStatus> = {
  connected: LeadStatus.CONTACTED,
  no_answer: LeadStatus.CONTACTED,
  voicemail: LeadStatus.CONTACTED,
  busy: LeadStatus.CONTACTED,
  wrong_number: LeadStatus.WRONG_NUMBER,
  callback: LeadStatus.CALLBACK,
  qualified: LeadStatus.QUALIFIED,
  not_interested: LeadStatus.NOT_INTERESTED,
  do_not_call: LeadStatus.DO_NOT_CALL,
};

/** Statuses a lead is still worked in (the queue's). */
const WORKABLE = new Set<LeadStatus>(WORKABLE_STATUSES);

/** The outcomes a lead comes back after, each with the rule that says how many minutes later. */
export const retryRule = {
  no_answer: 'retryNoAnswerMin',
  busy: 'retryBusyMin',
  voicemail: 'retryVoicemailMin',
  connected: 'retryConnectedMin',
} as const satisfies Partial<Record<CallOutcome, string>>;
type RetryField = (typeof retryRule)[keyof typeof retryRule];

/** What a call's outcome does to a lead: the part of a team's calling rules (lib/leads/calling-rules.ts) a call write applies. */
export type OutcomeRules = Record<RetryField, number> & { maxAttempts: number; closingOutcomes: readonly CallOutcome[] };

/**
 * The lead's status, attempts and next call after a call, given its attempts before it:
 *   a closing outcome → the outcome's own status when it is not a workable one, else CLOSED
 *     (do-not-call always closes);
 *   any other outcome → the outcome's status when it is workable, else CONTACTED; and then
 *     ATTEMPTS_USED_UP once this call reaches the team's maximum attempts;
 *   next call: a callback at its own time, no answer / busy / voicemail / connected after the
 *     team's retry delay for it, anything else never.
 */
export function leadAfterCall(
  rules: OutcomeRules,
  call: { outcome: CallOutcome; startedAt: Date; callbackAt: Date | null },
  attemptsBefore: number,
): { status: LeadStatus; attempts: number; nextCallAt: Date | null } {
  const attempts = attemptsBefore + 1;
  const own = statusAfterOutcome[call.outcome];
  const closes = call.outcome === 'do_not_call' || rules.closingOutcomes.includes(call.outcome);
  const status = closes
    ? WORKABLE.has(own)
      ? LeadStatus.CLOSED
      : own
    : attempts >= rules.maxAttempts
      ? LeadStatus.ATTEMPTS_USED_UP
      : WORKABLE.has(own)
        ? own
        : LeadStatus.CONTACTED;
  const field = call.outcome in retryRule ? retryRule[call.outcome as keyof typeof retryRule] : null;
  const nextCallAt =
    call.outcome === 'callback' ? call.callbackAt : field ? new Date(call.startedAt.getTime() + rules[field] * 60_000) : null;
  return { status, attempts, nextCallAt };
}
