/**
 * The one string rule for every input: PostgreSQL cannot store U+0000 in
 * text (nor in jsonb), and a lone UTF-16 surrogate has no UTF-8 form. Such
 * input is refused with a 422 naming the field, before it reaches a query
 * (where it would be a 500) or a buffered writer (where it would poison a batch).
 */
import { z } from 'zod';

// A NUL, or a surrogate half without its partner.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorable = (value: string) => !UNSTORABLE.test(value);

/** Removes what cannot be stored (for derived text such as attribution selectors, never for what a person typed). */
export const storableOnly = (value: string) => value.replace(new RegExp(UNSTORABLE.source, 'g'), '');

/** z.string() with the storable-text rule; use it for every string a client sends. */
export const text = (message = 'contains characters that cannot be stored (a NUL byte or a broken character)') =>
  z.string().refine(isStorable, message);
