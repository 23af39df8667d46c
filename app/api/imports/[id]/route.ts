import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { findImport } from '@/lib/imports/access';
import { summaryOf } from '@/lib/imports/run-import';
import { ImportId } from '@/lib/imports/import-schema';

/** One import's progress and result (the upload page polls this while its upload runs). */
export const GET = withHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = ImportId.safeParse(await params);
  if (!parsed.success) throw new ApiError('not_found', 'No such import.');
  return Response.json({ import: summaryOf(await findImport(viewer, parsed.data.id)) }, { headers: { 'cache-control': 'private, no-store' } });
});
