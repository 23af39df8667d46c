/** Reading imports: a manager sees their own imports, an admin every import. */
import 'server-only';
import { sql, type SqlBool } from 'kysely';
import { ApiError } from '../platform/http/errors';
import type { Viewer } from '../platform/auth/viewer';
import { db } from '../platform/db/client';
import { WORKABLE_STATUSES } from '../leads/statuses';
import { summaryOf, type ImportSummary } from './run-import';

/** An import still RUNNING whose progress has not moved for this long was cut off (server stopped): its transaction rolled back. */
const STALLED_MS = 10 * 60_000;

export async function findImport(viewer: Viewer, id: string) {
  const found = await db.leadImport.findUnique({ where: { id } });
  if (!found || (viewer.role !== 'ADMIN' && found.createdById !== viewer.id))
    throw new ApiError('not_found', 'No such import, or it is not yours.');
  if (found.status === 'RUNNING' && Date.now() - found.updatedAt.getTime() > STALLED_MS) {
    return db.leadImport.update({
      where: { id },
      data: {
        status: 'FAILED',
        phase: 'failed',
        error: 'The import was cut off before it finished (the server stopped); nothing was imported. Upload the file again.',
        finishedAt: new Date(),
      },
    });
  }
  return found;
}

export async function recentImports(viewer: Viewer, take = 20): Promise<ImportSummary[]> {
  const rows = await db.leadImport.findMany({
    where: viewer.role === 'ADMIN' ? {} : { createdById: viewer.id },
    orderBy: { createdAt: 'desc' },
    take,
  });
  return rows.map(summaryOf);
}

/** Team agents for round-robin, the one with the fewest open leads first (so small imports spread out too). */
export async function roundRobinOrder(agentIds: string[]): Promise<string[]> {
  if (!agentIds.length) return [];
  const rows = await db.$kysely
    .selectFrom('users as u')
    .leftJoin('leads as l', (join) => join.onRef('l.owner_id', '=', 'u.id').on('l.status', 'in', [...WORKABLE_STATUSES]))
    .select('u.id')
    .where(sql<SqlBool>`u.id = ANY(${agentIds}::uuid[]) AND u.active`)
    .groupBy('u.id')
    .orderBy((eb) => eb.fn.count('l.id'))
    .orderBy('u.id')
    .execute();
  return rows.map((row) => row.id);
}
