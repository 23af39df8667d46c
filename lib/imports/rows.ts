/**
 * One CSV record to one lead row: phone numbers to E.164 with the import's
 * default region, emails lower-cased and checked, names trimmed, priority and
 * time zone checked. A record that cannot be a lead gets messages a manager
 * can act on, and is left out of the import.
 */
import { isStorable } from '../platform/validation/text';
import { parsePhoneNumberWithError, ParseError } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { ColumnMapping, LeadField } from './fields';

export interface LeadRow {
  phone: string;
  firstName: string;
  lastName: string;
  email: string | null;
  company: string | null;
  timezone: string | null;
  priority: number | null;
  source: string | null;
  notes: string | null;
}

export type RowResult = { ok: true; row: LeadRow } | { ok: false; message: string };

const MAX_TEXT = 200;
const MAX_NOTES = 2_000;
const emailSchema = z.email();

const zoneCache = new Map<string, boolean>();
/**
 * Names ICU still takes that the tz database (and so PostgreSQL) dropped, 2017c and 2020b: stored on a lead,
 * `AT TIME ZONE` in the call write and the queue fails on them (22023, a 500). Both look names up
 * case-insensitively. Found by comparing every zoneinfo name Intl accepts with PostgreSQL 15's.
 */
const DROPPED_ZONES = new Set(['canada/east-saskatchewan', 'us/pacific-new']);

/** Whether `zone` is an IANA time zone this runtime and PostgreSQL both know (cached: a file repeats a handful of zones). */
export function isTimeZone(zone: string): boolean {
  let known = zoneCache.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = (zone.includes('/') || zone === 'UTC') && !DROPPED_ZONES.has(zone.toLowerCase());
    } catch {
      known = false;
    }
    if (zoneCache.size < 1_000) zoneCache.set(zone, known);
  }
  return known;
}

const phoneErrors: Record<string, string> = {
  INVALID_COUNTRY: 'has no country code and the default region does not fit it',
  NOT_A_NUMBER: 'is not a phone number',
  TOO_SHORT: 'is too short',
  TOO_LONG: 'is too long',
  INVALID_LENGTH: 'has the wrong number of digits',
};

/** A phone number as E.164, or why it cannot be one. Without a region, only international numbers (+…) parse. */
export function normalizePhone(raw: string, region: CountryCode | undefined): { phone: string } | { error: string } {
  const text = raw.trim();
  if (!text) return { error: 'Phone is empty' };
  try {
    const number = parsePhoneNumberWithError(text, { defaultCountry: region, extract: false });
    if (!number.isValid()) return { error: `Phone "${text}" is not a valid number${number.country ? ` in ${number.country}` : ''}` };
    return { phone: number.number };
  } catch (error) {
    const reason = error instanceof ParseError ? (phoneErrors[error.message] ?? 'is not a phone number') : 'is not a phone number';
    return { error: `Phone "${text}" ${reason}` };
  }
}

/** Column positions of the mapped fields in the header row. */
export function columnIndexes(header: string[], mapping: ColumnMapping): Partial<Record<LeadField, number>> {
  const indexes: Partial<Record<LeadField, number>> = {};
  for (const [field, column] of Object.entries(mapping) as [LeadField, string][]) {
    indexes[field] = header.indexOf(column);
  }
  return indexes;
}

/** Turns one record into a lead row, or the reasons it cannot be one. */
export function toLeadRow(
  record: string[],
  columns: Partial<Record<LeadField, number>>,
  region: CountryCode,
  kind: 'leads' | 'do_not_call' = 'leads',
): RowResult {
  const value = (field: LeadField): string => {
    const index = columns[field];
    return index === undefined || index < 0 ? '' : (record[index] ?? '').trim();
  };
  const problems: string[] = [];
  const broken = Object.entries(columns).filter(([, index]) => index !== undefined && index >= 0 && !isStorable(record[index] ?? ''));
  if (broken.length)
    problems.push(`${broken.map(([field]) => field).join(', ')} contains a NUL byte or a broken character: remove it and upload again`);

  const phone = normalizePhone(value('phone'), region);
  if ('error' in phone) problems.push(phone.error);

  let firstName = value('firstName');
  let lastName = value('lastName');
  if (!firstName && columns.fullName !== undefined) {
    const [first, ...rest] = value('fullName').split(/\s+/).filter(Boolean);
    firstName = first ?? '';
    lastName = lastName || rest.join(' ');
  }
  if (!firstName && kind === 'leads') problems.push('First name is empty');
  if (firstName.length > MAX_TEXT || lastName.length > MAX_TEXT) problems.push(`Name is longer than ${MAX_TEXT} characters`);

  const emailText = value('email').toLowerCase();
  if (emailText && !emailSchema.safeParse(emailText).success) problems.push(`Email "${emailText}" is not an email address`);

  const zone = value('timezone');
  if (zone && !isTimeZone(zone)) problems.push(`Time zone "${zone}" is not an IANA zone such as America/New_York`);

  const priorityText = value('priority');
  const priority = priorityText ? Number(priorityText) : null;
  if (priority !== null && !(Number.isInteger(priority) && priority >= 1 && priority <= 5))
    problems.push(`Priority "${priorityText}" is not a whole number from 1 to 5`);

  const company = value('company');
  const source = value('source');
  if (company.length > MAX_TEXT) problems.push(`Company is longer than ${MAX_TEXT} characters`);
  if (source.length > MAX_TEXT) problems.push(`Source is longer than ${MAX_TEXT} characters`);
  const notes = value('notes');
  if (notes.length > MAX_NOTES) problems.push(`Notes are longer than ${MAX_NOTES} characters`);

  if (problems.length || 'error' in phone) return { ok: false, message: problems.join('; ') };
  return {
    ok: true,
    row: {
      phone: phone.phone,
      firstName,
      lastName,
      email: emailText || null,
      company: company || null,
      timezone: zone || null,
      priority,
      source: source || null,
      notes: notes || null,
    },
  };
}
