/** Calling hours in the lead's own time zone (CALLING_HOURS, default 08:00-21:00). */
import { getEnv } from '../env';

export function callingHours(): { start: number; end: number } {
  const [start, end] = getEnv().CALLING_HOURS.split('-').map((part) => Number(part.slice(0, 2)));
  return { start, end };
}

/** The lead's wall-clock time, e.g. "14:05". */
export function localTime(timezone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
