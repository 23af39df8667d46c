/**
 * Calling hours in the lead's own time zone (CALLING_HOURS, default 08:00-21:00).
 *
 * Zone arithmetic runs here, with one cached Intl formatter per zone, rather
 * than per row in SQL: `now() AT TIME ZONE l.timezone` over an agent's 2,500
 * leads cost ~25 ms of a 33 ms queue query at 100k leads.
 */
import { getEnv } from '../env';

export function callingHours(): { start: number; end: number } {
  const [start, end] = getEnv().CALLING_HOURS.split('-').map((part) => Number(part.slice(0, 2)));
  return { start, end };
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timezone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      formatter = null; // not a zone this runtime knows
    }
    // Zone names come from the leads table: a few dozen in practice, bounded by the IANA list.
    if (formatters.size < 2000) formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The lead's wall-clock time, e.g. "14:05" ("--:--" for a zone the runtime does not know). */
export function localTime(timezone: string, at = new Date()): string {
  return formatterFor(timezone)?.format(at) ?? '--:--';
}

/** Whether `at` falls inside calling hours in `timezone`; null when the runtime does not know the zone. */
export function isInCallingHours(timezone: string, at = new Date()): boolean | null {
  const formatter = formatterFor(timezone);
  if (!formatter) return null;
  const hour = Number(formatter.formatToParts(at).find((part) => part.type === 'hour')?.value);
  const { start, end } = callingHours();
  return hour >= start && hour < end;
}

const seenZones = new Set<string>();

/** Remember a lead zone seen in a result, so later queries get its calling-hours state as a parameter. */
export function rememberZone(timezone: string): void {
  if (seenZones.size < 2000) seenZones.add(timezone);
}

/**
 * The zones seen so far split by whether they are in calling hours at `at`.
 * Queries compare a lead's zone with these lists and compute only unseen
 * zones themselves, so the order is right even for a zone seen the first time.
 */
export function splitSeenZones(at: Date): { inside: string[]; outside: string[] } {
  const inside: string[] = [];
  const outside: string[] = [];
  for (const zone of seenZones) {
    const state = isInCallingHours(zone, at);
    if (state === true) inside.push(zone);
    else if (state === false) outside.push(zone);
  }
  return { inside, outside };
}
