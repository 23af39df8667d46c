/**
 * Whether a string is an ISO 8601 time PostgreSQL's timestamptz takes as it
 * is, for values a client hands back to a `::timestamptz` cast (keyset
 * cursors). Date.parse is not that test: V8 takes 2020-02-30 (as 1 March),
 * year 0000 and offsets up to ±23:59; PostgreSQL refuses all three (22008,
 * a 500 if it got that far).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,6})?(Z|([+-])(\d{2}):?(\d{2})?)$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function isTimestamptz(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (match[8] !== 'Z' && (Number(match[10]) > 15 || Number(match[11] ?? 0) > 59)) return false;
  return true;
}
