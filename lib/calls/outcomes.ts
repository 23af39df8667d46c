/** Call outcomes as they travel on the wire (lowercase). Kept free of zod so client components can import it cheaply. */
export const callOutcomes = ['connected', 'no_answer', 'voicemail', 'busy', 'wrong_number', 'callback', 'qualified', 'not_interested', 'do_not_call'] as const;
export type CallOutcome = (typeof callOutcomes)[number];
