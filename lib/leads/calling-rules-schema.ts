/**
 * A team's calling rules as they travel on the wire (PUT /api/calling-rules, the admin form). The whole
 * set is sent each time. Do-not-call always closes a lead: a `closingOutcomes` without it gets it added
 * (the form shows it checked and disabled, so a client need not send it), rather than a 422 for
 * something only one answer is possible for.
 */
import { z } from 'zod';
import { callOutcomes, type CallOutcome } from '../calls/outcomes';

/** Retry delays run to 30 days. */
export const MAX_RETRY_MINUTES = 43_200;
export const MAX_ATTEMPTS = 100;

const unique = (values: readonly unknown[]) => new Set(values).size === values.length;
const retry = z
  .number('must be a number of minutes')
  .int('must be whole minutes')
  .min(0, 'cannot be negative')
  .max(MAX_RETRY_MINUTES, `must be at most ${MAX_RETRY_MINUTES.toLocaleString('en-US')} minutes (30 days)`);

const CallingRulesFields = z.object({
  startHour: z.number('must be an hour').int('must be a whole hour').min(0, 'is 0 to 23').max(23, 'is 0 to 23'),
  endHour: z.number('must be an hour').int('must be a whole hour').min(1, 'is 1 to 24').max(24, 'is 1 to 24'),
  days: z
    .array(
      z
        .number()
        .int('must be ISO weekdays')
        .min(1, 'must be ISO weekdays 1 (Monday) to 7 (Sunday)')
        .max(7, 'must be ISO weekdays 1 (Monday) to 7 (Sunday)'),
      'must be a list of weekdays',
    )
    .min(1, 'choose at least one day')
    .refine(unique, 'lists a day twice')
    .transform((days) => [...days].sort((a, b) => a - b)),
  retryNoAnswerMin: retry,
  retryBusyMin: retry,
  retryVoicemailMin: retry,
  retryConnectedMin: retry,
  maxAttempts: z
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_ATTEMPTS, `must be at most ${MAX_ATTEMPTS}`),
  closingOutcomes: z
    .array(z.enum(callOutcomes, `must be call outcomes: ${callOutcomes.join(', ')}`), 'must be a list of call outcomes')
    .refine(unique, 'lists an outcome twice')
    // In the order of callOutcomes, do-not-call always among them.
    .transform((outcomes): CallOutcome[] => callOutcomes.filter((outcome) => outcome === 'do_not_call' || outcomes.includes(outcome))),
});

const windowIsOpen = (rules: { startHour: number; endHour: number }) => rules.startHour < rules.endHour;
const windowIssue = { message: 'must be after the start hour', path: ['endHour'] };

export const CallingRulesInput = CallingRulesFields.refine(windowIsOpen, windowIssue);
export type CallingRulesInput = z.infer<typeof CallingRulesInput>;

/** PUT /api/calling-rules: the team (its manager's id) and its whole set of rules. */
export const CallingRulesUpdate = CallingRulesFields.extend({ managerId: z.uuid('must be a manager id') }).refine(
  windowIsOpen,
  windowIssue,
);
export type CallingRulesUpdate = z.infer<typeof CallingRulesUpdate>;

/** GET /api/calling-rules?managerId= (a manager's own team when left out). */
export const CallingRulesQuery = z.object({ managerId: z.uuid('must be a manager id').optional() });
