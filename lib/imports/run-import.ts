/**
 * A lead or do-not-call import, start to finish. The file is read as a
 * stream and every record checked (see rows.ts); duplicates within the file
 * are caught as they come. Then one transaction stages the good rows in a
 * temporary table and applies them set-wise: match existing leads by phone,
 * then by email; update those, insert the rest with the assignment rule,
 * and put numbers on the do-not-call list. Imports take a transaction-level
 * lock, so two never interleave.
 *
 * Atomicity: a fatal error (unreadable file, too many rows, a database
 * failure, the server stopping) rolls the transaction back, so an import
 * either changed everything it reports or nothing. It does not resume: the
 * manager uploads the file again (the error says so).
 *
 * Progress (phase, rows read) is written to the import's row as it goes, so
 * the browser can poll it while the upload is still running.
 */
import { scopeCondition, type LeadScope } from '../leads/scope';
import { storableOnly } from '../platform/validation/text';
import 'server-only';
import type { CountryCode } from 'libphonenumber-js/max';
import { ApiError } from '../platform/http/errors';
import { cacheTags, invalidate } from '../platform/cache';
import { db } from '../platform/db/client';
import { MAX_IMPORT_ROWS, readCsvRecords, tooLarge } from './csv';
import { doNotCallFields, guessMapping, mappingProblems, type ColumnMapping } from './fields';
import { columnIndexes, toLeadRow, type LeadRow } from './rows';

export type Assignment = { mode: 'none' } | { mode: 'round_robin' } | { mode: 'agent'; agentId: string };

export interface ImportOptions {
  kind: 'leads' | 'do_not_call';
  fileName: string;
  region: CountryCode;
  /** The zone of leads whose row names none. */
  timeZone: string;
  /** Field → column header; guessed from the header row when absent. */
  mapping?: ColumnMapping;
  assign: Assignment;
}

export interface ImportSummary {
  id: string;
  kind: 'leads' | 'do_not_call';
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  fileName: string;
  phase: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  duplicates: number;
  invalid: number;
  doNotCall: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

interface SkippedRow {
  rowNumber: number;
  message: string;
  values: string[];
  duplicate: boolean;
}

/** Good rows as columns, ready for unnest(). */
class Staged {
  rowNumber: number[] = [];
  phone: string[] = [];
  firstName: string[] = [];
  lastName: string[] = [];
  email: (string | null)[] = [];
  company: (string | null)[] = [];
  timezone: (string | null)[] = [];
  priority: (number | null)[] = [];
  source: (string | null)[] = [];
  notes: (string | null)[] = [];
  /** The file's own values, in case a later check (against the database) skips the row. */
  raw = new Map<number, string[]>();

  push(rowNumber: number, row: LeadRow, raw: string[]) {
    this.rowNumber.push(rowNumber);
    this.phone.push(row.phone);
    this.firstName.push(row.firstName);
    this.lastName.push(row.lastName);
    this.email.push(row.email);
    this.company.push(row.company);
    this.timezone.push(row.timezone);
    this.priority.push(row.priority);
    this.source.push(row.source);
    this.notes.push(row.notes);
    this.raw.set(rowNumber, raw);
  }

  get length() {
    return this.rowNumber.length;
  }
}

const PROGRESS_EVERY = 5_000;
const STAGE_BATCH = 10_000;

export function summaryOf(row: {
  id: string; kind: string; status: string; fileName: string; phase: string; rowsRead: number; inserted: number; updated: number;
  duplicates: number; invalid: number; doNotCall: number; error: string | null; createdAt: Date; finishedAt: Date | null;
}): ImportSummary {
  return {
    id: row.id,
    kind: row.kind === 'DO_NOT_CALL' ? 'do_not_call' : 'leads',
    status: row.status as ImportSummary['status'],
    fileName: row.fileName,
    phase: row.phase,
    rowsRead: row.rowsRead,
    inserted: row.inserted,
    updated: row.updated,
    duplicates: row.duplicates,
    invalid: row.invalid,
    doNotCall: row.doNotCall,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Reads and checks every record; throws ApiError for a file that cannot be imported at all. */
async function readFile(importId: string, body: AsyncIterable<Uint8Array>, options: ImportOptions, onBytes: (bytes: number) => void) {
  const staged = new Staged();
  const skipped: SkippedRow[] = [];
  const seenPhone = new Map<string, number>();
  const seenEmail = new Map<string, number>();
  let header: string[] | null = null;
  let mapping: ColumnMapping = {};
  let columns: ReturnType<typeof columnIndexes> = {};
  let rowNumber = 0;

  for await (const record of readCsvRecords(body, { onBytes })) {
    rowNumber += 1;
    if (!header) {
      header = record.map((name) => name.trim());
      const listed = header.map((name) => `"${name}"`).join(', ');
      mapping = options.mapping ?? guessMapping(header, options.kind === 'leads' ? undefined : doNotCallFields);
      const missing = Object.values(mapping).filter((column) => column && !header!.includes(column));
      if (missing.length) {
        throw new ApiError('unprocessable_entity', `The file has no column ${missing.map((name) => `"${name}"`).join(', ')}. Its columns are: ${listed}.`, { reason: 'missing_columns', missing, columns: header });
      }
      const problems = mappingProblems(mapping, options.kind);
      if (problems.length) throw new ApiError('unprocessable_entity', `${problems.join(' ')} The file's columns are: ${listed}.`, { reason: 'missing_columns', columns: header });
      columns = columnIndexes(header, mapping);
      continue;
    }
    if (rowNumber - 1 > MAX_IMPORT_ROWS) throw tooLarge();
    if (rowNumber % PROGRESS_EVERY === 0) await db.leadImport.update({ where: { id: importId }, data: { rowsRead: rowNumber - 1 } });

    if (record.length !== header.length) {
      skipped.push({ rowNumber, values: record, duplicate: false, message: `Has ${record.length} field${record.length === 1 ? '' : 's'}; the header has ${header.length} (a stray delimiter, or a quote that is not closed?)` });
      continue;
    }
    const result = toLeadRow(record, columns, options.region, options.kind);
    if (!result.ok) {
      skipped.push({ rowNumber, values: record, duplicate: false, message: result.message });
      continue;
    }
    const { row } = result;
    const samePhone = seenPhone.get(row.phone);
    const sameEmail = row.email ? seenEmail.get(row.email) : undefined;
    if (samePhone !== undefined || sameEmail !== undefined) {
      const message = samePhone !== undefined ? `Duplicate of row ${samePhone} (same phone ${row.phone})` : `Duplicate of row ${sameEmail} (same email ${row.email})`;
      skipped.push({ rowNumber, values: record, duplicate: true, message });
      continue;
    }
    seenPhone.set(row.phone, rowNumber);
    if (row.email && options.kind === 'leads') seenEmail.set(row.email, rowNumber);
    staged.push(rowNumber, row, record);
  }
  if (!header) throw new ApiError('unprocessable_entity', 'The file is empty. Upload a CSV with a header row and at least one lead.', { reason: 'empty' });
  if (rowNumber === 1) throw new ApiError('unprocessable_entity', 'The file has a header row but no rows under it.', { reason: 'empty' });
  return { header, mapping, staged, skipped, rows: rowNumber - 1 };
}

export interface ImportContext {
  importId: string;
  actorId: string;
  /** Agents the assignment rule may give leads to, in the order round-robin starts from. */
  agentIds: string[];
  /** Whose leads the importer may match and update (lib/leads/scope). */
  scope: LeadScope;
}

/** Runs an import whose `lead_imports` row exists (status RUNNING); returns its final summary. */
export async function runImport(context: ImportContext, body: AsyncIterable<Uint8Array>, options: ImportOptions): Promise<ImportSummary> {
  const { importId } = context;
  let fileBytes = 0;
  try {
    const { header, mapping, staged, skipped, rows } = await readFile(importId, body, options, (bytes) => (fileBytes = bytes));
    await db.leadImport.update({ where: { id: importId }, data: { phase: 'saving', rowsRead: rows, fileBytes, options: { ...options, mapping, header } as object } });
    const saved = await db.$transaction((tx) => save(tx as unknown as Tx, context, options, staged, skipped, rows), { timeout: 10 * 60_000, maxWait: 30_000 });
    await invalidate(cacheTags.allLeads, cacheTags.teamLeads, cacheTags.audit);
    return saved;
  } catch (error) {
    const message = error instanceof ApiError ? error.message : 'The import stopped on a server error; nothing was imported. Upload the file again.';
    await db.leadImport.update({ where: { id: importId }, data: { status: 'FAILED', phase: 'failed', error: message, fileBytes, finishedAt: new Date() } }).catch(() => {});
    throw error;
  }
}

type Tx = Pick<typeof db, '$executeRawUnsafe' | '$queryRawUnsafe' | '$queryRaw' | 'leadImport' | 'auditEvent' | 'leadImportError'>;

async function save(tx: Tx, context: ImportContext, options: ImportOptions, staged: Staged, skipped: SkippedRow[], rows: number): Promise<ImportSummary> {
  const { importId, actorId } = context;
  // Imports one at a time: two files adding the same new number must not race on the unique phone.
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('callpace:lead-import'))`);
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE import_rows (
      row_number int PRIMARY KEY, phone text NOT NULL, first_name text, last_name text, email text, company text,
      timezone text, priority smallint, source text, notes text, lead_id uuid, email_lead_id uuid, owner_id uuid) ON COMMIT DROP`);
  for (let start = 0; start < staged.length; start += STAGE_BATCH) {
    const slice = <T>(values: T[]) => values.slice(start, start + STAGE_BATCH);
    await tx.$executeRawUnsafe(
      `INSERT INTO import_rows (row_number, phone, first_name, last_name, email, company, timezone, priority, source, notes)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::smallint[], $9::text[], $10::text[])`,
      slice(staged.rowNumber), slice(staged.phone), slice(staged.firstName), slice(staged.lastName), slice(staged.email),
      slice(staged.company), slice(staged.timezone), slice(staged.priority), slice(staged.source), slice(staged.notes),
    );
  }
  await tx.$executeRawUnsafe('ANALYZE import_rows');

  // Match existing leads: by phone, then (lead files) by email.
  await tx.$executeRawUnsafe('UPDATE import_rows r SET lead_id = l.id FROM leads l WHERE l.phone = r.phone');
  const skip = (rowNumber: number, message: string, duplicate: boolean) =>
    skipped.push({ rowNumber, message, duplicate, values: staged.raw.get(rowNumber) ?? [] });
  if (options.kind === 'leads') {
    await tx.$executeRawUnsafe(`UPDATE import_rows r SET email_lead_id = l.id FROM leads l WHERE r.email IS NOT NULL AND lower(l.email) = r.email`);
    const conflicts = await tx.$queryRawUnsafe<{ row_number: number }[]>(
      'DELETE FROM import_rows WHERE lead_id <> email_lead_id RETURNING row_number',
    );
    for (const { row_number } of conflicts) skip(row_number, 'The phone belongs to one existing lead and the email to another: correct one of them', false);
    await tx.$executeRawUnsafe('UPDATE import_rows SET lead_id = email_lead_id WHERE lead_id IS NULL');
    // A lead outside the importer's scope is neither matched nor changed, and the row says nothing of it.
    const foreign = await tx.$queryRaw<{ row_number: number }[]>`
      DELETE FROM import_rows r USING leads l WHERE l.id = r.lead_id AND NOT ${scopeCondition(context.scope)} RETURNING r.row_number`;
    for (const { row_number } of foreign) skip(row_number, 'Belongs to another team: this phone or email is already a lead outside your team, so the row was not imported', false);
  }
  const sameLead = await tx.$queryRawUnsafe<{ row_number: number; first: number }[]>(
    `WITH ranked AS (SELECT row_number, min(row_number) OVER (PARTITION BY lead_id) AS first FROM import_rows WHERE lead_id IS NOT NULL)
     DELETE FROM import_rows r USING ranked WHERE r.row_number = ranked.row_number AND ranked.row_number <> ranked.first
     RETURNING r.row_number, ranked.first`,
  );
  for (const { row_number, first } of sameLead) skip(row_number, `Matches the same existing lead as row ${first}`, true);

  const [event] = await tx.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO audit_events (id, actor_id, action, detail, lead_count) VALUES (gen_random_uuid(), $1::uuid, $2, $3::jsonb, 0) RETURNING id`,
    actorId, options.kind === 'leads' ? 'leads.import' : 'leads.do_not_call', JSON.stringify({ importId, fileName: options.fileName }),
  );

  let inserted = 0;
  let updated = 0;
  let doNotCall = 0;
  if (options.kind === 'leads') {
    const agents = options.assign.mode === 'none' ? [] : options.assign.mode === 'agent' ? [options.assign.agentId] : context.agentIds;
    if (agents.length) {
      // New leads, and existing ones nobody owns, go to the agents in turn.
      await tx.$executeRawUnsafe(
        `WITH targets AS (
           SELECT r.row_number, row_number() OVER (ORDER BY r.row_number) - 1 AS k
             FROM import_rows r LEFT JOIN leads l ON l.id = r.lead_id
            WHERE r.lead_id IS NULL OR l.owner_id IS NULL)
         UPDATE import_rows r SET owner_id = ($1::uuid[])[1 + (t.k % cardinality($1::uuid[]))] FROM targets t WHERE t.row_number = r.row_number`,
        agents,
      );
    }
    updated = await tx.$executeRawUnsafe(
      `UPDATE leads l SET first_name = r.first_name, last_name = r.last_name, email = coalesce(r.email, l.email),
              company = coalesce(r.company, l.company), timezone = coalesce(r.timezone, l.timezone),
              priority = coalesce(r.priority, l.priority), source = coalesce(r.source, l.source), notes = coalesce(r.notes, l.notes),
              owner_id = coalesce(l.owner_id, CASE WHEN l.status <> 'DO_NOT_CALL' THEN r.owner_id END), updated_at = now()
         FROM import_rows r WHERE r.lead_id = l.id`,
    );
    const [counts] = await tx.$queryRawUnsafe<{ inserted: number; do_not_call: number }[]>(
      `WITH added AS (
         INSERT INTO leads (id, first_name, last_name, company, phone, email, timezone, status, priority, source, notes, owner_id, created_at, updated_at)
         SELECT gen_random_uuid(), r.first_name, r.last_name, r.company, r.phone, r.email, coalesce(r.timezone, $1),
                CASE WHEN d.phone IS NULL THEN 'NEW' ELSE 'DO_NOT_CALL' END::"LeadStatus", coalesce(r.priority, 3), coalesce(r.source, $2), r.notes,
                CASE WHEN d.phone IS NULL THEN r.owner_id END, now(), now()
           FROM import_rows r LEFT JOIN do_not_call_numbers d ON d.phone = r.phone
          WHERE r.lead_id IS NULL
          ORDER BY r.row_number
         RETURNING status)
       SELECT count(*)::int AS inserted, count(*) FILTER (WHERE status = 'DO_NOT_CALL')::int AS do_not_call FROM added`,
      options.timeZone, `Import: ${options.fileName}`.slice(0, 200),
    );
    inserted = counts.inserted;
    doNotCall = counts.do_not_call;
  } else {
    // inserted: numbers new to the list; doNotCall: leads that were being called and now are not.
    inserted = await tx.$executeRawUnsafe(
      'INSERT INTO do_not_call_numbers (phone, import_id) SELECT phone, $1::uuid FROM import_rows ON CONFLICT (phone) DO NOTHING',
      importId,
    );
    // Matching leads stop being called at once: out of every queue, reservation and callback dropped; each change audited.
    doNotCall = await tx.$executeRawUnsafe(
      `WITH targets AS (
         SELECT l.id, l.status::text AS before FROM leads l JOIN import_rows r ON r.lead_id = l.id WHERE l.status <> 'DO_NOT_CALL' FOR UPDATE OF l),
       changed AS (
         UPDATE leads l SET status = 'DO_NOT_CALL', reserved_by_id = NULL, reserved_until = NULL, next_call_at = NULL, updated_at = now()
           FROM targets t WHERE l.id = t.id RETURNING l.id)
       INSERT INTO lead_changes (event_id, lead_id, field, from_value, to_value)
       SELECT $1::uuid, t.id, 'status', t.before, 'DO_NOT_CALL' FROM targets t JOIN changed c ON c.id = t.id`,
      event.id,
    );
  }

  const duplicates = skipped.filter((row) => row.duplicate).length;
  const invalid = skipped.length - duplicates;
  skipped.sort((a, b) => a.rowNumber - b.rowNumber);
  for (let start = 0; start < skipped.length; start += STAGE_BATCH) {
    const batch = skipped.slice(start, start + STAGE_BATCH);
    await tx.$executeRawUnsafe(
      `INSERT INTO lead_import_errors (import_id, row_number, message, "values")
       SELECT $1::uuid, n, m, ARRAY(SELECT jsonb_array_elements_text(v)) FROM unnest($2::int[], $3::text[], $4::jsonb[]) AS u(n, m, v)`,
      importId, batch.map((row) => row.rowNumber), batch.map((row) => row.message), batch.map((row) => JSON.stringify(row.values.map(storableOnly))),
    );
  }
  const detail = { importId, fileName: options.fileName, rows, inserted, updated, duplicates, invalid, doNotCall, assign: options.assign };
  await tx.$executeRawUnsafe('UPDATE audit_events SET detail = $2::jsonb, lead_count = $3 WHERE id = $1::uuid', event.id, JSON.stringify(detail), options.kind === 'leads' ? inserted + updated : doNotCall);
  const done = await tx.leadImport.update({
    where: { id: importId },
    data: { status: 'COMPLETED', phase: 'done', rowsRead: rows, inserted, updated, duplicates, invalid, doNotCall, finishedAt: new Date() },
  });
  return summaryOf(done);
}
