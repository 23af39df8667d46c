import { parseJson } from '@/lib/platform/http/body';
import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { recordCall } from '@/lib/calls/record-call';
import { CallInput } from '@/lib/calls/call-schema';

export const POST = withHandler(async (request) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request, ['AGENT', 'MANAGER', 'ADMIN']);
  await limitWrites(viewer);
  const input = await parseJson(request, CallInput, { maxBytes: 16 * 1024 });
  const { call, created } = await recordCall(viewer, input);
  return Response.json(call, { status: created ? 201 : 200 });
});
