import type { ApiRequestError } from './fetch-json';

/** Field → message, to show beside each field: every issue of a 422, and the one field a conflict names. */
export function fieldErrors({ details }: ApiRequestError): Record<string, string> {
  const fields: Record<string, string> = Object.fromEntries((details.issues ?? []).map((issue) => [issue.path, issue.message]));
  if (details.field) fields[details.field] ??= details.message ?? 'was refused';
  return fields;
}
