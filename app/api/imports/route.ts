import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { reportAgents } from '@/lib/reports/report-scope';
import { leadScope } from '@/lib/leads/scope';
import { db } from '@/lib/platform/db/client';
import { recentImports, roundRobinOrder } from '@/lib/imports/access';
import { MAX_IMPORT_BYTES, tooLarge } from '@/lib/imports/csv';
import { runImport, summaryOf } from '@/lib/imports/run-import';
import { ImportUploadQuery } from '@/lib/imports/import-schema';

const CSV_TYPES = /^(text\/csv|text\/plain|text\/tab-separated-values|application\/csv|application\/vnd\.ms-excel|application\/octet-stream)(;|$)/i;

/** The viewer's recent imports, newest first. Managers and admins. */
export const GET = withHandler(async (request) => {
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  return Response.json({ imports: await recentImports(viewer) }, { headers: { 'cache-control': 'private, no-store' } });
});

/**
 * Upload a CSV of leads or a do-not-call list: the body is the file itself; the query carries `id`
 * (a UUID the browser made: uploading again with it returns the first import) and `options` (JSON:
 * kind, fileName, region, timeZone, mapping, assign). Answers 201 with the import's summary when it is
 * done; `GET /api/imports/{id}` shows its progress meanwhile. A file that cannot be imported gets a
 * 4xx saying why, and nothing is imported.
 */
export const POST = withHandler(async (request) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  await limitWrites(viewer);
  const parsed = ImportUploadQuery.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  const { id, options } = parsed.data;

  const type = request.headers.get('content-type') ?? '';
  if (!CSV_TYPES.test(type)) throw new ApiError('unsupported_media_type', 'Send the CSV file itself as the body, with content-type text/csv.');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > MAX_IMPORT_BYTES) throw tooLarge(declared);
  if (!request.body) throw new ApiError('unprocessable_entity', 'The file is empty. Upload a CSV with a header row and at least one lead.', { reason: 'empty' });

  const existing = await db.leadImport.findUnique({ where: { id } });
  if (existing) {
    if (existing.createdById !== viewer.id) throw new ApiError('conflict', 'That import id is taken; make a new one.');
    return Response.json({ import: summaryOf(existing), replayed: true }, { status: 200 });
  }

  const team = await reportAgents(viewer, options.assign.mode === 'agent' ? options.assign.agentId : undefined);
  if (options.assign.mode !== 'none' && team.length === 0) throw new ApiError('unprocessable_entity', 'You have no agents to assign leads to; choose "leave unassigned".');
  const agentIds = options.assign.mode === 'round_robin' ? await roundRobinOrder(team) : team;
  const timeZone = options.timeZone ?? viewer.timezone ?? 'UTC';

  const created = await db.leadImport.createMany({
    data: [{ id, kind: options.kind === 'leads' ? 'LEADS' : 'DO_NOT_CALL', createdById: viewer.id, fileName: options.fileName, options: { ...options, timeZone } }],
    skipDuplicates: true,
  });
  if (created.count === 0) {
    // The same upload raced itself (a retry while the first was still starting).
    const first = await db.leadImport.findUniqueOrThrow({ where: { id } });
    return Response.json({ import: summaryOf(first), replayed: true }, { status: 200 });
  }

  const body = request.body as unknown as AsyncIterable<Uint8Array>;
  const summary = await runImport({ importId: id, actorId: viewer.id, agentIds, scope: await leadScope(viewer) }, body, { ...options, timeZone });
  return Response.json({ import: summary }, { status: 201 });
});
