/**
 * Call outcomes as they travel on the wire: the database's `CallOutcome` values in lower case, in the
 * schema's order (the order forms list them in). Imported by client components on the agent's pages,
 * so it holds only the list and its labels: the list is written out (a few bytes) rather than mapped
 * from the generated enum object at run time, and the type check ties it to that enum both ways (a
 * value added, renamed or removed in schema.prisma fails `npm run typecheck` here). What an outcome does
 * to a lead is server code (lead-after-call.ts).
 */
import type { CallOutcome as DbCallOutcome } from '../platform/db/generated/enums';

export type CallOutcome = Lowercase<DbCallOutcome>;

/** An outcome as the API speaks it, from the database's. */
export const wireOutcome = (outcome: DbCallOutcome) => outcome.toLowerCase() as CallOutcome;
/** An outcome as the database stores it, from the API's. */
export const dbOutcome = (outcome: CallOutcome) => outcome.toUpperCase() as DbCallOutcome;

export const callOutcomes = [
  'connected',
  'no_answer',
  'voicemail',
  'busy',
  'wrong_number',
  'callback',
  'qualified',
  'not_interested',
  'do_not_call',
] as const satisfies readonly CallOutcome[];
/** Every outcome of the schema is in the list (the `satisfies` above says every listed one is in the schema). */
const everyOutcomeListed: Exclude<CallOutcome, (typeof callOutcomes)[number]> extends never ? true : never = true;
void everyOutcomeListed;

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
