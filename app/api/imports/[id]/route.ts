import { withHandler } from '@/lib/platform/http/handler';
import { findImport } from '@/lib/imports/access';
import { summaryOf } from '@/lib/imports/run-import';
import { ImportId } from '@/lib/imports/import-schema';

/** One import's progress and result (the upload page polls this while its upload runs). */
export const GET = withHandler(
  async ({ viewer, params }) =>
    Response.json({ import: summaryOf(await findImport(viewer, params.id)) }, { headers: { 'cache-control': 'private, no-store' } }),
  { roles: ['MANAGER', 'ADMIN'], params: ImportId, notFound: 'No such import.' },
);
