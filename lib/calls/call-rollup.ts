/**
 * Keeping the call rollups (`call_hourly`, `call_heat_hourly`) in step with
 * calls: the same two upserts add one new call (record-call, inside its
 * transaction), every seeded call (the seed) or every existing call (the
 * migration that created the tables). Archiving moves calls without touching
 * the rollups, which count live and archived calls alike.
 */
import { sql, type Expression, type Kysely } from 'kysely';
import { CallOutcome } from '../platform/db/generated/enums';
import type { DB } from '../platform/db/generated/kysely';

/** The outcomes of a call someone answered. */
export const CONNECT_OUTCOMES = [
  CallOutcome.CONNECTED,
  CallOutcome.CALLBACK,
  CallOutcome.QUALIFIED,
  CallOutcome.NOT_INTERESTED,
  CallOutcome.DO_NOT_CALL,
] as const;
/** Every outcome, in the schema's order: each has a count column in `call_hourly`. */
export const OUTCOMES = Object.values(CallOutcome);
/** The rollup column of each outcome's count. */
export const outcomeColumn = (outcome: CallOutcome) => outcome.toLowerCase() as Lowercase<CallOutcome>;

const isConnectOutcome = (outcome: CallOutcome) => (CONNECT_OUTCOMES as readonly CallOutcome[]).includes(outcome);
const connect = `c.outcome IN (${CONNECT_OUTCOMES.map((o) => `'${o}'`).join(', ')})`;

/** Hour of the week (0 = Monday 00:00) in the zone at the moment, as SQL text or (`leadHourOfWeekOf`) a Kysely expression. */
function hourOfWeek<T, R>(tag: (strings: TemplateStringsArray, ...values: T[]) => R, at: T, zone: T): R {
  return tag`((extract(isodow FROM ${at} AT TIME ZONE ${zone}) - 1) * 24 + extract(hour FROM ${at} AT TIME ZONE ${zone}))::smallint`;
}
export const leadHourOfWeek = (at: string, zone: string) => hourOfWeek(String.raw, at, zone);
export const leadHourOfWeekOf = (at: Expression<unknown>, zone: Expression<unknown>) => hourOfWeek(sql<number>, at, zone);

/**
 * The two upserts adding the calls `FROM calls c WHERE <where>` to the rollups, as SQL text for the
 * seed and the migration's backfill (run on a plain connection, not the app's client) and tests.
 * `where` is trusted SQL written by those callers (`c.id = ANY($1::uuid[])`, `TRUE`).
 */
export function rollupStatements(where: string): [string, string] {
  const outcomes = OUTCOMES.map(outcomeColumn);
  const hourly = `
    INSERT INTO call_hourly (agent_id, hour, calls, connects, talk_sec, engagement_sum, engagement_n, ${outcomes.join(', ')})
    SELECT c.agent_id, date_trunc('hour', c.started_at, 'UTC'), count(*), count(*) FILTER (WHERE ${connect}),
           coalesce(sum(c.duration_sec) FILTER (WHERE ${connect}), 0), coalesce(sum(c.engagement), 0), count(c.engagement),
           ${OUTCOMES.map((o) => `count(*) FILTER (WHERE c.outcome = '${o}')`).join(', ')}
      FROM calls c WHERE ${where}
     GROUP BY 1, 2
    ON CONFLICT (agent_id, hour) DO UPDATE SET
      ${['calls', 'connects', 'talk_sec', 'engagement_sum', 'engagement_n', ...outcomes].map((column) => `${column} = call_hourly.${column} + EXCLUDED.${column}`).join(', ')}`;
  const heat = `
    INSERT INTO call_heat_hourly (agent_id, hour, lead_how, calls, connects)
    SELECT c.agent_id, date_trunc('hour', c.started_at, 'UTC'), ${leadHourOfWeek('c.started_at', "coalesce(l.timezone, 'UTC')")},
           count(*), count(*) FILTER (WHERE ${connect})
      FROM calls c LEFT JOIN leads l ON l.id = c.lead_id WHERE ${where}
     GROUP BY 1, 2, 3
    ON CONFLICT (agent_id, hour, lead_how) DO UPDATE SET calls = call_heat_hourly.calls + EXCLUDED.calls, connects = call_heat_hourly.connects + EXCLUDED.connects`;
  return [hourly, heat];
}

/** One call as the rollups count it. */
export interface RolledUpCall {
  agentId: string;
  startedAt: Date;
  outcome: CallOutcome;
  durationSec: number;
  engagement: number | null;
  /** The lead's zone, for the hour of the week. */
  leadZone: string;
}

const SUMMED = ['calls', 'connects', 'talk_sec', 'engagement_sum', 'engagement_n', ...OUTCOMES.map(outcomeColumn)] as const;

/**
 * The rollup upserts for one call (a call write) as two data-modifying CTEs: plain VALUES rows plan and
 * run in a fraction of the aggregate form. The caller writes the statement they lead into
 * (`withCallRollups(tx.$kysely, call).updateTable('leads')…`), so a call write makes one round trip
 * for its lead update and both rollups.
 */
export function withCallRollups(kysely: Kysely<DB>, call: RolledUpCall) {
  const connects = isConnectOutcome(call.outcome) ? 1 : 0;
  const hour = sql<Date>`date_trunc('hour', ${call.startedAt}::timestamptz, 'UTC')`;
  return kysely
    .with('hourly', (db) =>
      db
        .insertInto('call_hourly')
        .values({
          agent_id: call.agentId,
          hour,
          calls: 1,
          connects,
          talk_sec: String(connects ? call.durationSec : 0),
          engagement_sum: String(call.engagement ?? 0),
          engagement_n: call.engagement === null ? 0 : 1,
          ...(Object.fromEntries(OUTCOMES.map((outcome) => [outcomeColumn(outcome), outcome === call.outcome ? 1 : 0])) as Record<
            Lowercase<CallOutcome>,
            number
          >),
        })
        .onConflict((conflict) =>
          conflict
            .columns(['agent_id', 'hour'])
            .doUpdateSet(
              Object.fromEntries(
                SUMMED.map((column) => [column, sql`${sql.ref(`call_hourly.${column}`)} + ${sql.ref(`excluded.${column}`)}`]),
              ),
            ),
        ),
    )
    .with('heat', (db) =>
      db
        .insertInto('call_heat_hourly')
        .values({
          agent_id: call.agentId,
          hour,
          lead_how: leadHourOfWeekOf(sql`${call.startedAt}::timestamptz`, sql`${call.leadZone}::text`),
          calls: 1,
          connects,
        })
        .onConflict((conflict) =>
          conflict.columns(['agent_id', 'hour', 'lead_how']).doUpdateSet((eb) => ({
            calls: eb('call_heat_hourly.calls', '+', 1),
            connects: eb('call_heat_hourly.connects', '+', eb.ref('excluded.connects')),
          })),
        ),
    );
}
