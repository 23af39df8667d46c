import { getCountries } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { ImportKind } from '../platform/db/generated/enums';
import { text } from '../platform/validation/text';
import { leadFields } from './fields';
import { isTimeZone } from './rows';

const countries = new Set<string>(getCountries());

/** Import kinds as the API speaks them: the database's `ImportKind` in lower case. */
export const importKinds = Object.values(ImportKind).map((kind) => kind.toLowerCase()) as [
  Lowercase<ImportKind>,
  ...Lowercase<ImportKind>[],
];

/** What the upload's query string carries: the import's id (made by the browser) and its options as JSON. */
export const ImportOptionsJson = z.object({
  kind: z.enum(importKinds).default('leads'),
  fileName: text().trim().min(1).max(200).default('upload.csv'),
  region: text()
    .trim()
    .toUpperCase()
    .refine((code) => countries.has(code), 'must be a two-letter country code such as US or GB')
    .transform((code) => code as CountryCode)
    .default('US' as CountryCode),
  timeZone: text().refine(isTimeZone, 'must be an IANA time zone such as America/New_York').optional(),
  mapping: z.partialRecord(z.enum(leadFields), text().trim().min(1).max(200)).optional(),
  assign: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('none') }),
      z.object({ mode: z.literal('round_robin') }),
      z.object({ mode: z.literal('agent'), agentId: z.uuid('must be an agent id') }),
    ])
    .default({ mode: 'none' }),
});

export const ImportUploadQuery = z.object({
  id: z.uuid('must be a UUID made for this upload'),
  options: text()
    .max(10_000)
    .default('{}')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(ImportOptionsJson),
});

export const ImportId = z.object({ id: z.uuid('is not an import id') });
