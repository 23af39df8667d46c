/**
 * Keeping the call rollups (`call_hourly`, `call_heat_hourly`) in step with
 * calls: the same two upserts add one new call (record-call, inside its
 * transaction), every seeded call (the seed) or every existing call (the
 * migration that created the tables). Archiving moves calls without touching
 * the rollups, which count live and archived calls alike.
 */

export const CONNECT_OUTCOMES = ['CONNECTED', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL'] as const;
export const OUTCOMES = ['CONNECTED', 'NO_ANSWER', 'VOICEMAIL', 'BUSY', 'WRONG_NUMBER', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL'] as const;
/** The rollup column of each outcome's count. */
export const outcomeColumn = (outcome: (typeof OUTCOMES)[number]) => outcome.toLowerCase();

const connect = `c.outcome IN (${CONNECT_OUTCOMES.map((o) => `'${o}'`).join(', ')})`;
/** Hour of the week (0 = Monday 00:00) in the lead's zone at the moment of the call. */
export const leadHourOfWeek = (at: string, zone: string) =>
  `((extract(isodow FROM ${at} AT TIME ZONE ${zone}) - 1) * 24 + extract(hour FROM ${at} AT TIME ZONE ${zone}))::smallint`;

/**
 * One statement adding the calls `FROM calls c WHERE <where>` to both rollups. `where` is trusted SQL
 * written here (a parameter placeholder such as `c.id = $1::uuid`, or `TRUE`). `before` are further
 * data-modifying CTEs (`name AS (UPDATE …)`) to run in the same statement: a call write makes one round
 * trip for its lead update and both rollups.
 */
export function rollupStatement(where: string, before: string[] = []): string {
  const [hourly, heat] = rollupStatements(where);
  return `WITH ${[...before, `hourly AS (${hourly})`].join(',\n')}\n${heat}`;
}

/** The two upserts of `rollupStatement`, apart (for the migration's backfill, readable on its own). */
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
