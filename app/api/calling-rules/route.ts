import { withHandler } from '@/lib/platform/http/handler';
import { getTeamRules, rulesForTeam, updateRules } from '@/lib/leads/calling-rules';
import { CallingRulesQuery, CallingRulesUpdate } from '@/lib/leads/calling-rules-schema';

/**
 * A team's calling rules: `?managerId=` (a manager's own team when left out; an admin without one gets
 * the defaults). `isDefault: true` when the team has no rules of its own. 403 for another manager's
 * team, 404 for an id that is not an active manager's.
 */
export const GET = withHandler(
  async ({ viewer, query }) => {
    const managerId = query.managerId ?? (viewer.role === 'MANAGER' ? viewer.id : null);
    return Response.json(managerId ? await getTeamRules(viewer, managerId) : await rulesForTeam(null));
  },
  { roles: ['MANAGER', 'ADMIN'], query: CallingRulesQuery },
);

/**
 * Sets a team's rules: `{ managerId, startHour, endHour, days, retryNoAnswerMin, retryBusyMin,
 * retryVoicemailMin, retryConnectedMin, maxAttempts, closingOutcomes }` (the whole set; do_not_call is
 * always closing and added when left out). Answers the rules now in force; the next queue read applies them.
 */
export const PUT = withHandler(
  async ({ viewer, body: { managerId, ...rules } }) => Response.json(await updateRules(viewer, managerId, rules)),
  { roles: ['MANAGER', 'ADMIN'], writeLimit: true, body: CallingRulesUpdate, maxBodyBytes: 4 * 1024 },
);
