import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { reportAgents } from '@/lib/reports/report-scope';
import { leadScope } from '@/lib/leads/scope';
import { recentImports, roundRobinOrder } from '@/lib/imports/access';
import { MAX_IMPORT_BYTES, tooLarge } from '@/lib/imports/csv';
import { runImport, summaryOf } from '@/lib/imports/run-import';
import { findReplayedImport, recordImportStart } from '@/lib/imports/start-import';
import { ImportUploadQuery } from '@/lib/imports/import-schema';

const CSV_TYPES =
  /^(text\/csv|text\/plain|text\/tab-separated-values|application\/csv|application\/vnd\.ms-excel|application\/octet-stream)(;|$)/i;

/** The viewer's recent imports, newest first. Managers and admins. */
export const GET = withHandler(
  async ({ viewer }) => Response.json({ imports: await recentImports(viewer) }, { headers: { 'cache-control': 'private, no-store' } }),
  { roles: ['MANAGER', 'ADMIN'] },
);

/**
 * Upload a CSV of leads or a do-not-call list: the body is the file itself; the query carries `id`
 * (a UUID the browser made: uploading again with it returns the first import) and `options` (JSON:
 * kind, fileName, region, timeZone, mapping, assign). Answers 201 with the import's summary when it is
 * done; `GET /api/imports/{id}` shows its progress meanwhile. A file that cannot be imported gets a
 * 4xx saying why, and nothing is imported.
 */
export const POST = withHandler(
  async ({ request, viewer, query: { id, options } }) => {
    // The body is the CSV file, streamed into the import (capped there at MAX_IMPORT_BYTES), not JSON: checked here.
    const type = request.headers.get('content-type') ?? '';
    if (!CSV_TYPES.test(type))
      throw new ApiError('unsupported_media_type', 'Send the CSV file itself as the body, with content-type text/csv.');
    const declared = Number(request.headers.get('content-length') ?? NaN);
    if (declared > MAX_IMPORT_BYTES) throw tooLarge(declared);
    if (!request.body)
      throw new ApiError('unprocessable_entity', 'The file is empty. Upload a CSV with a header row and at least one lead.', {
        reason: 'empty',
      });

    const existing = await findReplayedImport(viewer, id);
    if (existing) return Response.json({ import: summaryOf(existing), replayed: true }, { status: 200 });

    const team = await reportAgents(viewer, options.assign.mode === 'agent' ? options.assign.agentId : undefined);
    if (options.assign.mode !== 'none' && team.length === 0)
      throw new ApiError('unprocessable_entity', 'You have no agents to assign leads to; choose "leave unassigned".');
    const agentIds = options.assign.mode === 'round_robin' ? await roundRobinOrder(team) : team;
    const timeZone = options.timeZone ?? viewer.timezone;

    const first = await recordImportStart(viewer, id, options, timeZone);
    if (first) return Response.json({ import: summaryOf(first), replayed: true }, { status: 200 });

    const body = request.body as unknown as AsyncIterable<Uint8Array>;
    const summary = await runImport({ importId: id, actorId: viewer.id, agentIds, scope: await leadScope(viewer) }, body, {
      ...options,
      timeZone,
    });
    return Response.json({ import: summary }, { status: 201 });
  },
  { roles: ['MANAGER', 'ADMIN'], writeLimit: true, query: ImportUploadQuery },
);
