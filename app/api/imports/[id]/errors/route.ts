import { stringify } from 'csv-stringify/sync';
import { ApiError } from '@/lib/api/errors';
import { withHandler } from '@/lib/api/handler';
import { requireApiViewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { findImport } from '@/lib/imports/access';
import { ImportId } from '@/lib/validations/lead-import';

const BATCH = 5_000;

/**
 * The rows an import skipped, as CSV: the row number, why, then the file's own columns with the
 * row's values, so the manager can correct them and upload this file again. Streamed in batches.
 */
export const GET = withHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = ImportId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such import.');
  const found = await findImport(viewer, parsed.data.id);
  const header = ((found.options as { header?: string[] }).header ?? []).map(String);
  const encoder = new TextEncoder();
  let after = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark so spreadsheet programs read the file as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${stringify([['row', 'error', ...header]])}`));
    },
    async pull(controller) {
      const rows = await db.leadImportError.findMany({
        where: { importId: found.id, rowNumber: { gt: after } },
        orderBy: { rowNumber: 'asc' },
        take: BATCH,
      });
      if (rows.length) {
        after = rows[rows.length - 1].rowNumber;
        controller.enqueue(encoder.encode(stringify(rows.map((row) => [String(row.rowNumber), row.message, ...row.values]))));
      }
      if (rows.length < BATCH) controller.close();
    },
  });
  const name = found.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'import';
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}-errors.csv"`,
      'cache-control': 'private, no-store',
    },
  });
});
