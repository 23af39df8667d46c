/**
 * Phone numbers for people: the stored E.164 in international format
 * ("+44 20 7946 0958"). Server only: libphonenumber-js with its metadata would
 * weigh more than the whole client budget, so pages and APIs send the
 * formatted text and keep `phone` (E.164) for `tel:` links. Formatting costs
 * tens of microseconds a number, and the queue formats every row it builds;
 * a bounded LRU keyed by the E.164 makes a repeated number a map lookup.
 */
import 'server-only';
import { LRUCache } from 'lru-cache';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';

const formatted = new LRUCache<string, string>({ max: 20_000 });

/** International format of an E.164 number; the number as stored if it does not parse (never throws). */
export function phoneDisplay(e164: string): string {
  let text = formatted.get(e164);
  if (text === undefined) {
    try {
      text = parsePhoneNumberWithError(e164).formatInternational();
    } catch {
      text = e164;
    }
    formatted.set(e164, text);
  }
  return text;
}
