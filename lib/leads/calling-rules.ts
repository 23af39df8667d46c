/**
 * Calling rules per team (a team is its manager): the calling window and days in the lead's zone, the
 * retry delay after each outcome, the maximum attempts and the outcomes that close a lead. An agent works
 * under their manager's rules; a manager's own queue under their team's; an admin's, and any team
 * without a row of its own, under the defaults (CALLING_HOURS every day).
 *
 * Reads go through the data cache (shared by every instance through Redis); an update invalidates the
 * team's rules and the team's queues before it answers, so the next queue read anywhere applies it.
 * The call write (lib/calls/record-call.ts) and the queue (lib/leads/reads.ts) are where the rules act.
 */
import 'server-only';
import { sql, type Kysely } from 'kysely';
import { ApiError } from '../platform/http/errors';
import type { Viewer } from '../platform/auth/viewer';
import { recordAudit } from '../audit/record';
import { cached, cacheTags, invalidate } from '../platform/cache';
import type { OutcomeRules } from '../calls/lead-after-call';
import { dbOutcome, wireOutcome, type CallOutcome } from '../calls/outcomes';
import { db } from '../platform/db/client';
import type { CallOutcome as DbCallOutcome } from '../platform/db/generated/enums';
import type { DB } from '../platform/db/generated/kysely';
import type { CallingRulesInput } from './calling-rules-schema';
import { ALL_DAYS, callingHours, type CallingWindow } from './calling-hours';
import { teamAgentIds } from './scope';

export type CallingRules = CallingWindow & OutcomeRules & { days: number[]; closingOutcomes: CallOutcome[] };

/** A team's rules as the API answers them: `isDefault` when the team has no rules of its own. */
export type TeamRules = CallingRules & {
  managerId: string | null;
  isDefault: boolean;
  updatedAt: string | null;
  updatedById: string | null;
};

const RULE_FIELDS = [
  'startHour',
  'endHour',
  'days',
  'retryNoAnswerMin',
  'retryBusyMin',
  'retryVoicemailMin',
  'retryConnectedMin',
  'maxAttempts',
  'closingOutcomes',
] as const;

/** The rules of a team without its own: CALLING_HOURS on all 7 days, retries in hours to a day, 8 attempts. */
export function defaultRules(): CallingRules {
  const { start, end } = callingHours();
  return {
    startHour: start,
    endHour: end,
    days: [...ALL_DAYS],
    retryNoAnswerMin: 240,
    retryBusyMin: 30,
    retryVoicemailMin: 1440,
    retryConnectedMin: 1440,
    maxAttempts: 8,
    closingOutcomes: ['wrong_number', 'qualified', 'not_interested', 'do_not_call'], // in callOutcomes order, as saved
  };
}

/** The columns of `calling_rules r` a team's rules are read from (the enum array as text[], so the driver hands back strings). */
const RULE_COLUMNS = [
  'r.manager_id',
  'r.start_hour',
  'r.end_hour',
  'r.days',
  'r.retry_no_answer_min',
  'r.retry_busy_min',
  'r.retry_voicemail_min',
  'r.retry_connected_min',
  'r.max_attempts',
  sql<DbCallOutcome[]>`r.closing_outcomes::text[]`.as('closing_outcomes'),
  'r.updated_by_id',
  'r.updated_at',
] as const;

const selectRules = (client: Kysely<DB>) => client.selectFrom('calling_rules as r').select(RULE_COLUMNS);
/** A team's row as read (`updated_at` comes back from the data cache as an ISO string). */
type RulesRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectRules>['executeTakeFirst']>>>;

function teamRules(managerId: string | null, row: RulesRow | null): TeamRules {
  if (!row) return { ...defaultRules(), managerId, isDefault: true, updatedAt: null, updatedById: null };
  return {
    managerId,
    isDefault: false,
    startHour: row.start_hour,
    endHour: row.end_hour,
    days: row.days.map(Number),
    retryNoAnswerMin: row.retry_no_answer_min,
    retryBusyMin: row.retry_busy_min,
    retryVoicemailMin: row.retry_voicemail_min,
    retryConnectedMin: row.retry_connected_min,
    maxAttempts: row.max_attempts,
    closingOutcomes: row.closing_outcomes.map(wireOutcome),
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedById: row.updated_by_id,
  };
}

/** A team's row, or null (the defaults apply, applied outside the cache so a changed CALLING_HOURS shows at once). */
const teamRow = cached(
  'rules.team',
  async (managerId: string): Promise<RulesRow | null> =>
    (await selectRules(db.$kysely).where('r.manager_id', '=', managerId).executeTakeFirst()) ?? null,
  { tags: (managerId) => [cacheTags.rules(managerId)], revalidate: 300 },
);

/** A team's rules (the defaults for `null`, an admin's view). */
export async function rulesForTeam(managerId: string | null): Promise<TeamRules> {
  return teamRules(managerId, managerId ? await teamRow(managerId) : null);
}

/**
 * The rules a user works under, in one read: an agent's manager's, a manager's own team's, and the
 * defaults for an admin or an agent without a manager.
 */
async function readUserRules(client: Kysely<DB>, userId: string): Promise<{ managerId: string | null; row: RulesRow | null }> {
  const found = await client
    .selectFrom((q) =>
      q
        .selectFrom('users as u')
        .select((eb) =>
          eb
            .case('u.role')
            .when(sql.lit('MANAGER'))
            .then(eb.ref('u.id'))
            .when(sql.lit('AGENT'))
            .then(eb.ref('u.manager_id'))
            .end()
            .as('team_id'),
        )
        .where('u.id', '=', userId)
        .as('t'),
    )
    .leftJoin('calling_rules as r', 'r.manager_id', 't.team_id')
    .select(['t.team_id', ...RULE_COLUMNS])
    .executeTakeFirst();
  // Left-joined: a row with its manager_id is a whole rules row.
  return { managerId: found?.team_id ?? null, row: found?.manager_id ? (found as RulesRow) : null };
}

const userRules = cached('rules.user', (userId: string) => readUserRules(db.$kysely, userId), {
  // Who is on which team, and any team's rules.
  tags: () => [cacheTags.team, cacheTags.agentRules],
  revalidate: 300,
});

/** An agent's rules (their manager's, or the defaults); for a manager, their own team's. */
export async function rulesForAgent(agentId: string): Promise<TeamRules> {
  const { managerId, row } = await userRules(agentId);
  return teamRules(managerId, row);
}

/** An agent's rules read in a transaction (its `tx.$kysely`), uncached: for a write that must not wait for a second connection. */
export async function rulesForAgentIn(tx: Kysely<DB>, agentId: string): Promise<TeamRules> {
  const { managerId, row } = await readUserRules(tx, agentId);
  return teamRules(managerId, row);
}

/** The rules of a viewer's own queue: an admin's is the defaults. */
export async function rulesForViewer(viewer: Pick<Viewer, 'id' | 'role'>): Promise<TeamRules> {
  return viewer.role === 'ADMIN' ? rulesForTeam(null) : rulesForAgent(viewer.id);
}

/** The teams a viewer may set rules for: a manager their own, an admin every active manager's. */
export async function editableTeams(viewer: Pick<Viewer, 'id' | 'role'>): Promise<{ id: string; name: string }[]> {
  if (viewer.role !== 'ADMIN' && viewer.role !== 'MANAGER') return [];
  return db.user.findMany({
    where: { role: 'MANAGER', active: true, ...(viewer.role === 'MANAGER' ? { id: viewer.id } : {}) },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
}

/** 403 unless the viewer may see and change this team's rules (a manager only their own team's). */
export function assertMayEditRules(viewer: Pick<Viewer, 'id' | 'role'>, managerId: string): void {
  if (viewer.role === 'ADMIN' || (viewer.role === 'MANAGER' && viewer.id === managerId)) return;
  throw new ApiError(
    'forbidden',
    viewer.role === 'MANAGER' ? 'You can only set the calling rules of your own team.' : 'Only managers and admins set calling rules.',
  );
}

/** A team's rules for the viewer (GET /api/calling-rules): 403 for another team, 404 for a team that is not an active manager's. */
export async function getTeamRules(viewer: Pick<Viewer, 'id' | 'role'>, managerId: string): Promise<TeamRules> {
  assertMayEditRules(viewer, managerId);
  const manager = await db.user.findFirst({ where: { id: managerId, role: 'MANAGER', active: true }, select: { id: true } });
  if (!manager) throw new ApiError('not_found', 'No such team: pick an active manager.');
  return rulesForTeam(managerId);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function pickRules(input: CallingRulesInput): CallingRules {
  const { startHour, endHour, days, retryNoAnswerMin, retryBusyMin, retryVoicemailMin, retryConnectedMin, maxAttempts, closingOutcomes } =
    input;
  return { startHour, endHour, days, retryNoAnswerMin, retryBusyMin, retryVoicemailMin, retryConnectedMin, maxAttempts, closingOutcomes };
}

/**
 * Sets a team's rules: the row and its audit event (`rules.update`, detail `{ from, to }` of the fields
 * that changed) in one transaction, then the team's rules and queues invalidated on every instance.
 * Saving what is already in force writes nothing.
 */
export async function updateRules(viewer: Pick<Viewer, 'id' | 'role'>, managerId: string, input: CallingRulesInput): Promise<TeamRules> {
  assertMayEditRules(viewer, managerId);
  const { rules, changed } = await db.$transaction(async (tx) => {
    // Taken before the first await: the extension's tx.$kysely is shared by concurrent transactions (see lib/platform/db/client.ts).
    const k = tx.$kysely;
    const manager = await tx.user.findFirst({ where: { id: managerId, role: 'MANAGER', active: true }, select: { id: true } });
    if (!manager) throw new ApiError('not_found', 'No such team: pick an active manager.');
    // Locked, so two concurrent saves audit what each one really changed.
    const row = await selectRules(k).where('r.manager_id', '=', managerId).forUpdate().executeTakeFirst();
    const before = teamRules(managerId, row ?? null);
    const fields = RULE_FIELDS.filter((field) => !same(before[field], input[field]));
    if (!fields.length) return { rules: before, changed: false };

    const { closingOutcomes, ...rest } = pickRules(input);
    const data = { ...rest, closingOutcomes: closingOutcomes.map(dbOutcome), updatedById: viewer.id };
    const saved = await tx.callingRules.upsert({
      where: { managerId },
      create: { managerId, ...data },
      update: data,
      select: { updatedAt: true },
    });
    await recordAudit(tx, {
      actorId: viewer.id,
      action: 'rules.update',
      teamId: managerId,
      detail: {
        from: Object.fromEntries(fields.map((field) => [field, before[field]])),
        to: Object.fromEntries(fields.map((field) => [field, input[field]])),
      },
    });
    const after: TeamRules = {
      ...pickRules(input),
      managerId,
      isDefault: false,
      updatedAt: saved.updatedAt.toISOString(),
      updatedById: viewer.id,
    };
    return { rules: after, changed: true };
  });
  if (changed) {
    // The team's rules, every lookup by agent, the team's agents' queues and the manager's own (a team list).
    const agents = await teamAgentIds(managerId);
    await invalidate(cacheTags.rules(managerId), cacheTags.agentRules, cacheTags.teamLeads, ...agents.map((id) => cacheTags.queue(id)));
  }
  return rules;
}
