import { withHandler, ANY_ROLE } from '@/lib/platform/http/handler';
import { recordCall } from '@/lib/calls/record-call';
import { CallInput } from '@/lib/calls/call-schema';

export const POST = withHandler(
  async ({ viewer, body }) => {
    const { call, created } = await recordCall(viewer, body);
    return Response.json(call, { status: created ? 201 : 200 });
  },
  { roles: ANY_ROLE, writeLimit: true, body: CallInput, maxBodyBytes: 16 * 1024 },
);
