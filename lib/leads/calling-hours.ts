/**
 * Calling hours in the lead's own time zone: a window of whole hours and ISO
 * weekdays, from the team's calling rules (lib/leads/calling-rules.ts), by
 * default CALLING_HOURS on every day.
 *
 * Zone arithmetic runs here, with one cached Intl formatter per zone, rather
 * than per row in SQL: `now() AT TIME ZONE l.timezone` over an agent's 2,500
 * leads cost ~25 ms of a 33 ms queue query at 100k leads.
 */
import { getEnv } from '../platform/env';

/** When a lead may be called, in the lead's zone: hours `startHour` (inclusive) to `endHour` (exclusive, up to 24) on ISO weekdays `days` (1 = Monday). */
export interface CallingWindow {
  startHour: number;
  endHour: number;
  days: readonly number[];
}

export const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function callingHours(): { start: number; end: number } {
  const [start, end] = getEnv()
    .CALLING_HOURS.split('-')
    .map((part) => Number(part.slice(0, 2)));
  return { start, end };
}

/** CALLING_HOURS on every day of the week: the window of a team without rules of its own. */
export function defaultWindow(): CallingWindow {
  const { start, end } = callingHours();
  return { startHour: start, endHour: end, days: ALL_DAYS };
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

const ISO_DAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const clocks = new Map<string, Intl.DateTimeFormat | null>();

/** The hour (0..23) and ISO weekday in `timezone` at `at`; null for a zone the runtime does not know. */
function zoneClock(timezone: string, at: Date): { hour: number; day: number } | null {
  let clock = clocks.get(timezone);
  if (clock === undefined) {
    clock =
      formatterFor(timezone) &&
      new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
    if (clocks.size < 2000) clocks.set(timezone, clock);
  }
  if (!clock) return null;
  let hour = NaN;
  let day = NaN;
  for (const part of clock.formatToParts(at)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'weekday') day = ISO_DAY[part.value];
  }
  return { hour, day };
}

/** Whether `at` falls inside the calling window in `timezone`; null when the runtime does not know the zone. */
export function isInCallingHours(timezone: string, at = new Date(), window: CallingWindow = defaultWindow()): boolean | null {
  const clock = zoneClock(timezone, at);
  if (!clock) return null;
  return clock.hour >= window.startHour && clock.hour < window.endHour && window.days.includes(clock.day);
}

const seenZones = new Set<string>();

/** Remember a lead zone seen in a result, so later queries get its calling-hours state as a parameter. */
export function rememberZone(timezone: string): void {
  if (seenZones.size < 2000) seenZones.add(timezone);
}

/**
 * The zones seen so far split by whether they are in the calling window at `at`.
 * Queries compare a lead's zone with these lists and compute only unseen
 * zones themselves, so the order is right even for a zone seen the first time.
 */
export function splitSeenZones(at: Date, window: CallingWindow = defaultWindow()): { inside: string[]; outside: string[] } {
  const inside: string[] = [];
  const outside: string[] = [];
  for (const zone of seenZones) {
    const state = isInCallingHours(zone, at, window);
    if (state === true) inside.push(zone);
    else if (state === false) outside.push(zone);
  }
  return { inside, outside };
}
