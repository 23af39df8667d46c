/** Call outcomes as they travel on the wire (lowercase). Kept free of zod so client components can import it cheaply. */
export const callOutcomes = ['connected', 'no_answer', 'voicemail', 'busy', 'wrong_number', 'callback', 'qualified', 'not_interested', 'do_not_call'] as const;
export type CallOutcome = (typeof callOutcomes)[number];

export const outcomeLabels: Record<CallOutcome, string> = {
  connected: 'Connected', no_answer: 'No answer', voicemail: 'Voicemail', busy: 'Busy', wrong_number: 'Wrong number',
  callback: 'Callback', qualified: 'Qualified', not_interested: 'Not interested', do_not_call: 'Do not call',
};

/** The lead status a call's outcome leaves behind (the seed's histories follow the same rule). */
export const statusAfterOutcome: Record<CallOutcome, string> = {
  connected: 'CONTACTED', no_answer: 'CONTACTED', voicemail: 'CONTACTED', busy: 'CONTACTED', wrong_number: 'WRONG_NUMBER',
  callback: 'CALLBACK', qualified: 'QUALIFIED', not_interested: 'NOT_INTERESTED', do_not_call: 'DO_NOT_CALL',
};
