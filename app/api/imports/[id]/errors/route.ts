import { withHandler } from '@/lib/platform/http/handler';
import { csvResponse } from '@/lib/platform/csv/response';
import { findImport } from '@/lib/imports/access';
import { importErrorRows } from '@/lib/imports/import-errors';
import { ImportId } from '@/lib/imports/import-schema';

/**
 * The rows an import skipped, as CSV (through the one writer, formulas defused): the row number, why, then the file's own columns with the
 * row's values, so the manager can correct them and upload this file again. Streamed in batches.
 */
export const GET = withHandler(
  async ({ viewer, params }) => {
    const found = await findImport(viewer, params.id);
    const header = ((found.options as { header?: string[] }).header ?? []).map(String);
    const name =
      found.fileName
        .replace(/\.[^.]*$/, '')
        .replace(/[^\w.-]+/g, '_')
        .slice(0, 80) || 'import';
    return csvResponse(`${name}-errors.csv`, ['row', 'error', ...header], importErrorRows(found.id));
  },
  { roles: ['MANAGER', 'ADMIN'], params: ImportId, notFound: 'No such import.' },
);
