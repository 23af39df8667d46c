/**
 * The fields a lead import can fill, and the guess of which CSV column fills
 * which. Shared by the browser (the mapping step) and the server (imports
 * sent without a mapping), so both guess the same way.
 */
export const leadFields = [
  'phone',
  'firstName',
  'lastName',
  'fullName',
  'email',
  'company',
  'timezone',
  'priority',
  'source',
  'notes',
] as const;
export type LeadField = (typeof leadFields)[number];

export const doNotCallFields = ['phone'] as const;

export const fieldLabels: Record<LeadField, string> = {
  phone: 'Phone',
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name (split at the first space)',
  email: 'Email',
  company: 'Company',
  timezone: 'Time zone (IANA, e.g. America/Chicago)',
  priority: 'Priority (1 highest … 5 lowest)',
  source: 'Source',
  notes: 'Notes',
};

/** Header spellings seen in CRM and spreadsheet exports, compared without case, spaces, dashes or underscores. */
const synonyms: Record<LeadField, string[]> = {
  phone: ['phone', 'phonenumber', 'phoneno', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'cellphone', 'number', 'msisdn'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'fname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'lname'],
  fullName: ['name', 'fullname', 'contactname', 'contact'],
  email: ['email', 'emailaddress', 'mail', 'e-mail'],
  company: ['company', 'companyname', 'organization', 'organisation', 'account', 'accountname', 'business'],
  timezone: ['timezone', 'tz', 'zone', 'timezoneiana'],
  priority: ['priority', 'prio'],
  source: ['source', 'leadsource', 'campaign', 'list'],
  notes: ['notes', 'note', 'comments', 'comment', 'description'],
};

const squash = (header: string) => header.toLowerCase().replace(/[\s_\-.]/g, '');

export type ColumnMapping = Partial<Record<LeadField, string>>;

/** The best guess of a mapping from a file's header row: each field to at most one column, each column to at most one field. */
export function guessMapping(headers: string[], fields: readonly LeadField[] = leadFields): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const field of fields) {
    const header = headers.find((candidate) => !taken.has(candidate) && synonyms[field].includes(squash(candidate)));
    if (header !== undefined) {
      mapping[field] = header;
      taken.add(header);
    }
  }
  // A file with first and last names needs no full name; a full-name column then is probably a display name.
  if (mapping.firstName && mapping.fullName) delete mapping.fullName;
  return mapping;
}

/** What a mapping lacks before it can import (empty when it is complete). */
export function mappingProblems(mapping: ColumnMapping, kind: 'leads' | 'do_not_call'): string[] {
  const problems: string[] = [];
  if (!mapping.phone) problems.push('Choose the column that holds the phone number.');
  if (kind === 'leads' && !mapping.firstName && !mapping.fullName)
    problems.push('Choose the column with the first name (or the full name).');
  return problems;
}
