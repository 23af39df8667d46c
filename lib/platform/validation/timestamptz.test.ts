import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimestamptz } from './timestamptz';

describe('isTimestamptz', () => {
  it.each([
    '2026-12-03T13:00:00Z',
    '2026-12-03T13:00:00.123+00:00',
    '2024-02-29T00:00:00Z',
    '2026-01-01T00:00:00.123456-15:59',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
  ])('takes %s', (value) => {
    expect(isTimestamptz(value)).toBe(true);
  });

  it.each([
    '2020-02-30T00:00:00Z',
    '2021-02-29T00:00:00Z',
    '2020-04-31T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '2020-01-01T00:00:00+23:59',
    '2020-13-01T00:00:00Z',
    '2020-01-01T24:00:00Z',
    '2020-01-01',
    '-infinity',
    'x',
    12,
  ])('refuses %s', (value) => {
    expect(isTimestamptz(value)).toBe(false);
  });

  it("agrees with the day's own calendar for any date a Date can hold in years 1–9999", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (date) => {
          expect(isTimestamptz(date.toISOString())).toBe(true);
        },
      ),
    );
  });
});
