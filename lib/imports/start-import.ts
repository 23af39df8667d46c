/**
 * Starting an upload, idempotent on the id the browser made: the `lead_imports` row is created once
 * (decided by its primary key, not by a read-then-write), and an upload sent again with the same id
 * gets the first import back.
 */
import 'server-only';
import type { z } from 'zod';
import type { Viewer } from '../platform/auth/viewer';
import { db } from '../platform/db/client';
import { ApiError } from '../platform/http/errors';
import type { ImportOptionsJson } from './import-schema';

/** The import this upload id already started (a replay), null for a new id; 409 when the id is someone else's. */
export async function findReplayedImport(viewer: Pick<Viewer, 'id'>, id: string) {
  const existing = await db.leadImport.findUnique({ where: { id } });
  if (existing && existing.createdById !== viewer.id) throw new ApiError('conflict', 'That import id is taken; make a new one.');
  return existing;
}

/**
 * Records the import as running, its options stored with the time zone leads without one get; null when this
 * request created it, else the import that got there first (the same upload raced itself, a retry while the
 * first was still starting).
 */
export async function recordImportStart(
  viewer: Pick<Viewer, 'id'>,
  id: string,
  options: z.infer<typeof ImportOptionsJson>,
  timeZone: string,
) {
  const created = await db.leadImport.createMany({
    data: [
      {
        id,
        kind: options.kind === 'leads' ? 'LEADS' : 'DO_NOT_CALL',
        createdById: viewer.id,
        fileName: options.fileName,
        options: { ...options, timeZone },
      },
    ],
    skipDuplicates: true,
  });
  return created.count === 0 ? db.leadImport.findUniqueOrThrow({ where: { id } }) : null;
}
