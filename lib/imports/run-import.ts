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
import 'server-only';
import { sql } from 'kysely';
import type { CountryCode } from 'libphonenumber-js/max';
import { scopeCondition, type LeadScope } from '../leads/scope';
import { storableOnly } from '../platform/validation/text';
import { ApiError } from '../platform/http/errors';
import { cacheTags, invalidate } from '../platform/cache';
import { db, type DbTransaction } from '../platform/db/client';
import type { LeadImport } from '../platform/db/generated/client';
import { LeadStatus, type ImportKind, type ImportStatus } from '../platform/db/generated/enums';
import { MAX_IMPORT_ROWS, readCsvRecords, tooLarge } from './csv';
import { doNotCallFields, guessMapping, mappingProblems, type ColumnMapping } from './fields';
import { columnIndexes, toLeadRow, type LeadRow } from './rows';

export type Assignment = { mode: 'none' } | { mode: 'round_robin' } | { mode: 'agent'; agentId: string };

export interface ImportOptions {
  kind: Lowercase<ImportKind>;
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
  kind: Lowercase<ImportKind>;
  status: ImportStatus;
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

type SummaryField =
  | 'id'
  | 'kind'
  | 'status'
  | 'fileName'
  | 'phase'
  | 'rowsRead'
  | 'inserted'
  | 'updated'
  | 'duplicates'
  | 'invalid'
  | 'doNotCall'
  | 'error'
  | 'createdAt'
  | 'finishedAt';

export function summaryOf(row: Pick<LeadImport, SummaryField>): ImportSummary {
  return {
    id: row.id,
    kind: row.kind.toLowerCase() as Lowercase<ImportKind>,
    status: row.status,
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
        throw new ApiError(
          'unprocessable_entity',
          `The file has no column ${missing.map((name) => `"${name}"`).join(', ')}. Its columns are: ${listed}.`,
          { reason: 'missing_columns', missing, columns: header },
        );
      }
      const problems = mappingProblems(mapping, options.kind);
      if (problems.length)
        throw new ApiError('unprocessable_entity', `${problems.join(' ')} The file's columns are: ${listed}.`, {
          reason: 'missing_columns',
          columns: header,
        });
      columns = columnIndexes(header, mapping);
      continue;
    }
    if (rowNumber - 1 > MAX_IMPORT_ROWS) throw tooLarge();
    if (rowNumber % PROGRESS_EVERY === 0) await db.leadImport.update({ where: { id: importId }, data: { rowsRead: rowNumber - 1 } });

    if (record.length !== header.length) {
      skipped.push({
        rowNumber,
        values: record,
        duplicate: false,
        message: `Has ${record.length} field${record.length === 1 ? '' : 's'}; the header has ${header.length} (a stray delimiter, or a quote that is not closed?)`,
      });
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
      const message =
        samePhone !== undefined
          ? `Duplicate of row ${samePhone} (same phone ${row.phone})`
          : `Duplicate of row ${sameEmail} (same email ${row.email})`;
      skipped.push({ rowNumber, values: record, duplicate: true, message });
      continue;
    }
    seenPhone.set(row.phone, rowNumber);
    if (row.email && options.kind === 'leads') seenEmail.set(row.email, rowNumber);
    staged.push(rowNumber, row, record);
  }
  if (!header)
    throw new ApiError('unprocessable_entity', 'The file is empty. Upload a CSV with a header row and at least one lead.', {
      reason: 'empty',
    });
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
    await db.leadImport.update({
      where: { id: importId },
      data: { phase: 'saving', rowsRead: rows, fileBytes, options: { ...options, mapping, header } as object },
    });
    const saved = await db.$transaction((tx) => save(tx, context, options, staged, skipped, rows), {
      timeout: 10 * 60_000,
      maxWait: 30_000,
    });
    await invalidate(cacheTags.allLeads, cacheTags.teamLeads, cacheTags.audit);
    return saved;
  } catch (error) {
    const message =
      error instanceof ApiError ? error.message : 'The import stopped on a server error; nothing was imported. Upload the file again.';
    await db.leadImport
      .update({ where: { id: importId }, data: { status: 'FAILED', phase: 'failed', error: message, fileBytes, finishedAt: new Date() } })
      .catch(() => {});
    throw error;
  }
}

/** The staging table of one import's good rows (`save` creates it; dropped at commit), as Kysely sees it. */
interface ImportRows {
  row_number: number;
  phone: string;
  first_name: string;
  last_name: string;
  email: string | null;
  company: string | null;
  timezone: string | null;
  priority: number | null;
  source: string | null;
  notes: string | null;
  /** The existing lead the row updates: matched by phone, then by email. */
  lead_id: string | null;
  email_lead_id: string | null;
  /** The agent a new or unowned lead goes to. */
  owner_id: string | null;
}

async function save(
  tx: DbTransaction,
  context: ImportContext,
  options: ImportOptions,
  staged: Staged,
  skipped: SkippedRow[],
  rows: number,
): Promise<ImportSummary> {
  const { importId, actorId } = context;
  // Taken before the first await (`save` is the transaction's callback): the extension's tx.$kysely is shared by concurrent
  // transactions (see lib/platform/db/client.ts).
  const k = tx.$kysely.withTables<{ import_rows: ImportRows }>();
  // Imports one at a time: two files adding the same new number must not race on the unique phone.
  await sql`SELECT 1 FROM pg_advisory_xact_lock(hashtext('callpace:lead-import'))`.execute(k);
  await k.schema
    .createTable('import_rows')
    .temporary()
    .addColumn('row_number', 'integer', (column) => column.primaryKey())
    .addColumn('phone', 'text', (column) => column.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('email', 'text')
    .addColumn('company', 'text')
    .addColumn('timezone', 'text')
    .addColumn('priority', 'smallint')
    .addColumn('source', 'text')
    .addColumn('notes', 'text')
    .addColumn('lead_id', 'uuid')
    .addColumn('email_lead_id', 'uuid')
    .addColumn('owner_id', 'uuid')
    .onCommit('drop')
    .execute();
  for (let start = 0; start < staged.length; start += STAGE_BATCH) {
    const slice = <T>(values: T[]) => values.slice(start, start + STAGE_BATCH);
    await k
      .insertInto('import_rows')
      .columns(['row_number', 'phone', 'first_name', 'last_name', 'email', 'company', 'timezone', 'priority', 'source', 'notes'])
      .expression(
        sql`SELECT * FROM unnest(${slice(staged.rowNumber)}::int[], ${slice(staged.phone)}::text[], ${slice(staged.firstName)}::text[], ${slice(staged.lastName)}::text[],
          ${slice(staged.email)}::text[], ${slice(staged.company)}::text[], ${slice(staged.timezone)}::text[], ${slice(staged.priority)}::smallint[],
          ${slice(staged.source)}::text[], ${slice(staged.notes)}::text[])`,
      )
      .execute();
  }
  await sql`ANALYZE import_rows`.execute(k);

  // Match existing leads: by phone, then (lead files) by email.
  await k
    .updateTable('import_rows as r')
    .from('leads as l')
    .set((eb) => ({ lead_id: eb.ref('l.id') }))
    .whereRef('l.phone', '=', 'r.phone')
    .execute();
  const skip = (rowNumber: number, message: string, duplicate: boolean) =>
    skipped.push({ rowNumber, message, duplicate, values: staged.raw.get(rowNumber) ?? [] });
  if (options.kind === 'leads') {
    await k
      .updateTable('import_rows as r')
      .from('leads as l')
      .set((eb) => ({ email_lead_id: eb.ref('l.id') }))
      .where('r.email', 'is not', null)
      .where((eb) => eb(eb.fn('lower', ['l.email']), '=', eb.ref('r.email')))
      .execute();
    const conflicts = await k.deleteFrom('import_rows').whereRef('lead_id', '<>', 'email_lead_id').returning('row_number').execute();
    for (const { row_number } of conflicts)
      skip(row_number, 'The phone belongs to one existing lead and the email to another: correct one of them', false);
    await k
      .updateTable('import_rows')
      .set((eb) => ({ lead_id: eb.ref('email_lead_id') }))
      .where('lead_id', 'is', null)
      .execute();
    // A lead outside the importer's scope is neither matched nor changed, and the row says nothing of it.
    const foreign = await k
      .deleteFrom('import_rows as r')
      .using('leads as l')
      .whereRef('l.id', '=', 'r.lead_id')
      .where((eb) => eb.not(scopeCondition(context.scope)))
      .returning('r.row_number')
      .execute();
    for (const { row_number } of foreign)
      skip(
        row_number,
        'Belongs to another team: this phone or email is already a lead outside your team, so the row was not imported',
        false,
      );
  }
  const sameLead = await k
    .with('ranked', (q) =>
      q
        .selectFrom('import_rows')
        .select((eb) => [
          'row_number',
          eb.fn
            .min('row_number')
            .over((over) => over.partitionBy('lead_id'))
            .as('first'),
        ])
        .where('lead_id', 'is not', null),
    )
    .deleteFrom('import_rows as r')
    .using('ranked')
    .whereRef('r.row_number', '=', 'ranked.row_number')
    .whereRef('ranked.row_number', '<>', 'ranked.first')
    .returning(['r.row_number', 'ranked.first'])
    .execute();
  for (const { row_number, first } of sameLead) skip(row_number, `Matches the same existing lead as row ${first}`, true);

  const event = await k
    .insertInto('audit_events')
    .values({
      id: sql<string>`gen_random_uuid()`,
      actor_id: actorId,
      action: options.kind === 'leads' ? 'leads.import' : 'leads.do_not_call',
      detail: JSON.stringify({ importId, fileName: options.fileName }),
      lead_count: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  let inserted = 0;
  let updated = 0;
  let doNotCall = 0;
  if (options.kind === 'leads') {
    const agents = options.assign.mode === 'none' ? [] : options.assign.mode === 'agent' ? [options.assign.agentId] : context.agentIds;
    if (agents.length) {
      // New leads, and existing ones nobody owns, go to the agents in turn.
      await k
        .with('targets', (q) =>
          q
            .selectFrom('import_rows as r')
            .leftJoin('leads as l', 'l.id', 'r.lead_id')
            .select(['r.row_number', sql<number>`row_number() OVER (ORDER BY r.row_number) - 1`.as('k')])
            .where((eb) => eb.or([eb('r.lead_id', 'is', null), eb('l.owner_id', 'is', null)])),
        )
        .updateTable('import_rows as r')
        .from('targets as t')
        .set({ owner_id: sql<string>`(${agents}::uuid[])[1 + (t.k % cardinality(${agents}::uuid[]))]` })
        .whereRef('t.row_number', '=', 'r.row_number')
        .execute();
    }
    const { numUpdatedRows } = await k
      .updateTable('leads as l')
      .from('import_rows as r')
      .set((eb) => ({
        first_name: eb.ref('r.first_name'),
        last_name: eb.ref('r.last_name'),
        email: eb.fn.coalesce('r.email', 'l.email'),
        company: eb.fn.coalesce('r.company', 'l.company'),
        timezone: eb.fn.coalesce('r.timezone', 'l.timezone'),
        priority: eb.fn.coalesce('r.priority', 'l.priority'),
        source: eb.fn.coalesce('r.source', 'l.source'),
        notes: eb.fn.coalesce('r.notes', 'l.notes'),
        owner_id: sql<string | null>`coalesce(l.owner_id, CASE WHEN l.status <> 'DO_NOT_CALL' THEN r.owner_id END)`,
        updated_at: sql<Date>`now()`,
      }))
      .whereRef('r.lead_id', '=', 'l.id')
      .executeTakeFirstOrThrow();
    updated = Number(numUpdatedRows);
    const counts = await k
      .with('added', (q) =>
        q
          .insertInto('leads')
          .columns([
            'id',
            'first_name',
            'last_name',
            'company',
            'phone',
            'email',
            'timezone',
            'status',
            'priority',
            'source',
            'notes',
            'owner_id',
            'created_at',
            'updated_at',
          ])
          .expression((eb) =>
            eb
              .selectFrom('import_rows as r')
              .leftJoin('do_not_call_numbers as d', 'd.phone', 'r.phone')
              .select([
                sql<string>`gen_random_uuid()`.as('id'),
                'r.first_name',
                'r.last_name',
                'r.company',
                'r.phone',
                'r.email',
                sql<string>`coalesce(r.timezone, ${options.timeZone})`.as('timezone'),
                sql<LeadStatus>`CASE WHEN d.phone IS NULL THEN 'NEW' ELSE 'DO_NOT_CALL' END::"LeadStatus"`.as('status'),
                sql<number>`coalesce(r.priority, 3)`.as('priority'),
                sql<string>`coalesce(r.source, ${`Import: ${options.fileName}`.slice(0, 200)})`.as('source'),
                'r.notes',
                sql<string | null>`CASE WHEN d.phone IS NULL THEN r.owner_id END`.as('owner_id'),
                sql<Date>`now()`.as('created_at'),
                sql<Date>`now()`.as('updated_at'),
              ])
              .where('r.lead_id', 'is', null)
              .orderBy('r.row_number'),
          )
          .returning('status'),
      )
      .selectFrom('added')
      .select([
        sql<number>`count(*)::int`.as('inserted'),
        sql<number>`count(*) FILTER (WHERE status = 'DO_NOT_CALL')::int`.as('do_not_call'),
      ])
      .executeTakeFirstOrThrow();
    inserted = counts.inserted;
    doNotCall = counts.do_not_call;
  } else {
    // inserted: numbers new to the list; doNotCall: leads that were being called and now are not.
    const added = await k
      .insertInto('do_not_call_numbers')
      .columns(['phone', 'import_id'])
      .expression((eb) => eb.selectFrom('import_rows').select(['phone', sql<string>`${importId}::uuid`.as('import_id')]))
      .onConflict((conflict) => conflict.column('phone').doNothing())
      .executeTakeFirstOrThrow();
    inserted = Number(added.numInsertedOrUpdatedRows ?? 0);
    // Matching leads stop being called at once: out of every queue, reservation and callback dropped; each change audited.
    const changes = await k
      .with('targets', (q) =>
        q
          .selectFrom('leads as l')
          .innerJoin('import_rows as r', 'r.lead_id', 'l.id')
          .select(['l.id', sql<string>`l.status::text`.as('before')])
          .where('l.status', '<>', LeadStatus.DO_NOT_CALL)
          .forUpdate('l'),
      )
      .with('changed', (q) =>
        q
          .updateTable('leads as l')
          .from('targets as t')
          .set({ status: LeadStatus.DO_NOT_CALL, reserved_by_id: null, reserved_until: null, next_call_at: null, updated_at: sql`now()` })
          .whereRef('l.id', '=', 't.id')
          .returning('l.id'),
      )
      .insertInto('lead_changes')
      .columns(['event_id', 'lead_id', 'field', 'from_value', 'to_value'])
      .expression((eb) =>
        eb
          .selectFrom('targets as t')
          .innerJoin('changed as c', 'c.id', 't.id')
          .select([
            sql<string>`${event.id}::uuid`.as('event_id'),
            't.id',
            sql.lit('status').as('field'),
            't.before',
            sql.lit(LeadStatus.DO_NOT_CALL).as('to_value'),
          ]),
      )
      .executeTakeFirstOrThrow();
    doNotCall = Number(changes.numInsertedOrUpdatedRows ?? 0);
  }

  const duplicates = skipped.filter((row) => row.duplicate).length;
  const invalid = skipped.length - duplicates;
  skipped.sort((a, b) => a.rowNumber - b.rowNumber);
  for (let start = 0; start < skipped.length; start += STAGE_BATCH) {
    const batch = skipped.slice(start, start + STAGE_BATCH);
    await k
      .insertInto('lead_import_errors')
      .columns(['import_id', 'row_number', 'message', 'values'])
      .expression(
        sql`SELECT ${importId}::uuid, n, m, ARRAY(SELECT jsonb_array_elements_text(v))
              FROM unnest(${batch.map((row) => row.rowNumber)}::int[], ${batch.map((row) => row.message)}::text[], ${batch.map((row) => JSON.stringify(row.values.map(storableOnly)))}::jsonb[]) AS u(n, m, v)`,
      )
      .execute();
  }
  const detail = { importId, fileName: options.fileName, rows, inserted, updated, duplicates, invalid, doNotCall, assign: options.assign };
  await tx.auditEvent.updateMany({
    where: { id: event.id },
    data: { detail, leadCount: options.kind === 'leads' ? inserted + updated : doNotCall },
  });
  const done = await tx.leadImport.update({
    where: { id: importId },
    data: { status: 'COMPLETED', phase: 'done', rowsRead: rows, inserted, updated, duplicates, invalid, doNotCall, finishedAt: new Date() },
  });
  return summaryOf(done);
}
