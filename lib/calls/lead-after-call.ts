/**
 * What a call's outcome does to a lead: its status, attempts and next call under the team's calling
 * rules. Server code: the call write (record-call.ts) and the seed's call histories apply it.
 */
import { LeadStatus } from '../platform/db/generated/enums';
import { WORKABLE_STATUSES } from '../leads/statuses';
import type { CallOutcome } from './outcomes';

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
