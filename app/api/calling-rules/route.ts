import { ApiError } from '@/lib/platform/http/errors';
import { parseJson } from '@/lib/platform/http/body';
import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
import { limitWrites } from '@/lib/platform/http/write-limit';
import { requireApiViewer } from '@/lib/platform/auth/viewer';
import { getTeamRules, rulesForTeam, updateRules } from '@/lib/leads/calling-rules';
import { CallingRulesQuery, CallingRulesUpdate } from '@/lib/leads/calling-rules-schema';

/**
 * A team's calling rules: `?managerId=` (a manager's own team when left out; an admin without one gets
 * the defaults). `isDefault: true` when the team has no rules of its own. 403 for another manager's
 * team, 404 for an id that is not an active manager's.
 */
export const GET = withHandler(async (request) => {
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  const parsed = CallingRulesQuery.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw ApiError.fromZod(parsed.error, 'query');
  const managerId = parsed.data.managerId ?? (viewer.role === 'MANAGER' ? viewer.id : null);
  return Response.json(managerId ? await getTeamRules(viewer, managerId) : await rulesForTeam(null));
});

/**
 * Sets a team's rules: `{ managerId, startHour, endHour, days, retryNoAnswerMin, retryBusyMin,
 * retryVoicemailMin, retryConnectedMin, maxAttempts, closingOutcomes }` (the whole set; do_not_call is
 * always closing and added when left out). Answers the rules now in force; the next queue read applies them.
 */
export const PUT = withHandler(async (request) => {
  assertSameOrigin(request);
  const viewer = await requireApiViewer(request, ['MANAGER', 'ADMIN']);
  await limitWrites(viewer);
  const { managerId, ...rules } = await parseJson(request, CallingRulesUpdate, { maxBytes: 4 * 1024 });
  return Response.json(await updateRules(viewer, managerId, rules));
});
