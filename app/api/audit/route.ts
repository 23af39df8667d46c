import { withHandler } from '@/lib/platform/http/handler';
import { listAudit } from '@/lib/audit/list';
import { AuditQuery } from '@/lib/users/users-schema';

/** The audit trail, newest first: every event for an admin, the team's (and their own) for a manager; `?before=` pages back. */
export const GET = withHandler(
  async ({ viewer, query }) => Response.json(await listAudit(viewer, query), { headers: { 'cache-control': 'private, no-store' } }),
  { roles: ['MANAGER', 'ADMIN'], query: AuditQuery },
);
