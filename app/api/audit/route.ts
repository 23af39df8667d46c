import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { listAudit } from '@/lib/audit/list';
import { AuditQuery } from '@/lib/users/users-schema';

/** The audit trail, newest first: every event for an admin, the team's (and their own) for a manager; `?before=` pages back. */
export const GET = withHandler(async (request) => {
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = AuditQuery.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  return Response.json(await listAudit(viewer, parsed.data), { headers: { 'cache-control': 'private, no-store' } });
});
