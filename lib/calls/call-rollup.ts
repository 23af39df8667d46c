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
 * The two upserts adding the calls `FROM calls c WHERE <where>` to the rollups (the seed, the
 * migration's backfill, tests). `where` is trusted SQL written here (`c.id = ANY($1::uuid[])`, `TRUE`).
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

/**
 * The rollup upserts for one call whose values are parameters (a call write): plain VALUES rows plan
 * and run in a fraction of the aggregate form. Parameters from `first`: agent id, started at, outcome
 * (upper case), duration in seconds, engagement (or null), the lead's zone. `before` are further data-modifying CTEs
 * (`name AS (UPDATE …)`) run in the same statement, so a call write makes one round trip for its lead
 * update and both rollups.
 */
export function oneCallRollupStatement(first: number, before: string[] = []): string {
  const [agent, at, outcome, duration, engagement, zone] = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`);
  const connect = `(${outcome}::text IN (${CONNECT_OUTCOMES.map((o) => `'${o}'`).join(', ')}))`;
  const outcomes = OUTCOMES.map(outcomeColumn);
  const hourly = `
    INSERT INTO call_hourly (agent_id, hour, calls, connects, talk_sec, engagement_sum, engagement_n, ${outcomes.join(', ')})
    VALUES (${agent}::uuid, date_trunc('hour', ${at}::timestamptz, 'UTC'), 1, ${connect}::int, CASE WHEN ${connect} THEN ${duration}::int ELSE 0 END,
            coalesce(${engagement}::int, 0), (${engagement}::int IS NOT NULL)::int, ${OUTCOMES.map((o) => `(${outcome}::text = '${o}')::int`).join(', ')})
    ON CONFLICT (agent_id, hour) DO UPDATE SET
      ${['calls', 'connects', 'talk_sec', 'engagement_sum', 'engagement_n', ...outcomes].map((column) => `${column} = call_hourly.${column} + EXCLUDED.${column}`).join(', ')}`;
  const heat = `
    INSERT INTO call_heat_hourly (agent_id, hour, lead_how, calls, connects)
    VALUES (${agent}::uuid, date_trunc('hour', ${at}::timestamptz, 'UTC'), ${leadHourOfWeek(`${at}::timestamptz`, `${zone}::text`)}, 1, ${connect}::int)
    ON CONFLICT (agent_id, hour, lead_how) DO UPDATE SET calls = call_heat_hourly.calls + 1, connects = call_heat_hourly.connects + EXCLUDED.connects`;
  return `WITH ${[...before, `hourly AS (${hourly})`].join(',\n')}\n${heat}`;
}
