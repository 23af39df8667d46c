/**
 * The one CSV writer: every file the app hands out (lead and call exports,
 * the import error report) is written here, so the formula guard is in one
 * place. A cell starting with = + - @ (or tab / CR) would run as a formula in
 * Excel or Sheets (CSV injection) and gets a leading apostrophe; plain
 * numbers and E.164 phone numbers are left alone.
 */
import { stringify } from 'csv-stringify/sync';

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d[\d.]*$/.test(text) && !/^\+\d+$/.test(text) ? `'${text}` : text;
}

/** Rows as CSV text, every cell through the guard. */
export const csvRows = (rows: unknown[][]): string => stringify(rows.map((row) => row.map(csvCell)));
