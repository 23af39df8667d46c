import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { db } from '@/lib/platform/db/client';
import { csvResponse } from '@/lib/platform/csv/response';
import { findImport } from '@/lib/imports/access';
import { ImportId } from '@/lib/imports/import-schema';

const BATCH = 5_000;

/**
 * The rows an import skipped, as CSV (through the one writer, formulas defused): the row number, why, then the file's own columns with the
 * row's values, so the manager can correct them and upload this file again. Streamed in batches.
 */
export const GET = withHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = ImportId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such import.');
  const found = await findImport(viewer, parsed.data.id);
  const header = ((found.options as { header?: string[] }).header ?? []).map(String);
  const name = found.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'import';
  return csvResponse(`${name}-errors.csv`, ['row', 'error', ...header], errorRows(found.id));
});

async function* errorRows(importId: string): AsyncGenerator<unknown[][]> {
  for (let after = 0; ; ) {
    const rows = await db.leadImportError.findMany({ where: { importId, rowNumber: { gt: after } }, orderBy: { rowNumber: 'asc' }, take: BATCH });
    if (rows.length) {
      after = rows[rows.length - 1].rowNumber;
      yield rows.map((row) => [String(row.rowNumber), row.message, ...row.values]);
    }
    if (rows.length < BATCH) return;
  }
}
