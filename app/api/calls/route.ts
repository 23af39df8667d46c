import { parseJson } from '@/lib/api/body';
import { withHandler } from '@/lib/api/handler';
import { assertSameOrigin } from '@/lib/api/origin';
import { limitWrites } from '@/lib/api/write-limit';
import { requireApiViewer } from '@/lib/auth/viewer';
import { recordCall } from '@/lib/calls/record-call';
import { CallInput } from '@/lib/validations/call';

export const POST = withHandler(async (request) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request, ['AGENT', 'MANAGER', 'ADMIN']);
  await limitWrites(viewer);
  const input = await parseJson(request, CallInput, { maxBytes: 16 * 1024 });
  const { call, created } = await recordCall(viewer, input);
  return Response.json(call, { status: created ? 201 : 200 });
});
