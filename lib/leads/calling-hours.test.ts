import { describe, expect, it } from 'vitest';
import { isInCallingHours, localTime, rememberZone, splitSeenZones } from './calling-hours';

// Default calling hours: 08:00-21:00 in the lead's zone.
const at = new Date('2026-07-01T12:30:00Z'); // 08:30 in New York (EDT), 21:30 in Tokyo, 18:00 in Kolkata

describe('calling hours', () => {
  it('reads the hour in the lead zone, DST and half-hour offsets included', () => {
    expect(isInCallingHours('America/New_York', at)).toBe(true);
    expect(isInCallingHours('Asia/Tokyo', at)).toBe(false);
    expect(isInCallingHours('Asia/Kolkata', at)).toBe(true);
    expect(isInCallingHours('America/New_York', new Date('2026-01-01T12:30:00Z'))).toBe(false); // 07:30 EST in winter
  });

  it('says null for a zone the runtime does not know, and shows no time for it', () => {
    expect(isInCallingHours('Mars/Olympus_Mons', at)).toBeNull();
    expect(localTime('Mars/Olympus_Mons', at)).toBe('--:--');
    expect(localTime('Asia/Kolkata', at)).toBe('18:00');
  });

  it('splits the zones seen so far by their state at a moment, leaving unknown zones to the database', () => {
    for (const zone of ['America/New_York', 'Asia/Tokyo', 'Mars/Olympus_Mons']) rememberZone(zone);
    const { inside, outside } = splitSeenZones(at);
    expect(inside).toContain('America/New_York');
    expect(outside).toContain('Asia/Tokyo');
    expect([...inside, ...outside]).not.toContain('Mars/Olympus_Mons');
  });
});

describe('calling window of a team', () => {
  // 2026-07-01 is a Wednesday: 12:30 UTC is Wednesday 08:30 in New York, Wednesday 21:30 in Tokyo.
  const weekdays = { startHour: 8, endHour: 18, days: [1, 2, 3, 4, 5] };

  it('checks the hour and the ISO weekday in the lead zone', () => {
    expect(isInCallingHours('America/New_York', at, weekdays)).toBe(true);
    expect(isInCallingHours('America/New_York', at, { ...weekdays, startHour: 9 })).toBe(false);
    expect(isInCallingHours('America/New_York', at, { ...weekdays, days: [6, 7] })).toBe(false);
    // Saturday 2026-07-04 10:00 in New York, Sunday 2026-07-05 00:30 in Tokyo.
    const saturday = new Date('2026-07-04T14:00:00Z');
    expect(isInCallingHours('America/New_York', saturday, weekdays)).toBe(false);
    expect(isInCallingHours('America/New_York', saturday, { ...weekdays, days: [6] })).toBe(true);
    expect(isInCallingHours('Asia/Tokyo', new Date('2026-07-04T15:30:00Z'), { startHour: 0, endHour: 24, days: [7] })).toBe(true);
  });

  it('splits the seen zones by the window it is given', () => {
    rememberZone('America/New_York');
    expect(splitSeenZones(at, weekdays).inside).toContain('America/New_York');
    expect(splitSeenZones(at, { ...weekdays, days: [7] }).outside).toContain('America/New_York');
  });
});
