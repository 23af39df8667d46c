-- CreateTable
CREATE TABLE "call_hourly" (
    "agent_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "calls" INTEGER NOT NULL,
    "connects" INTEGER NOT NULL,
    "talk_sec" BIGINT NOT NULL,
    "engagement_sum" BIGINT NOT NULL,
    "engagement_n" INTEGER NOT NULL,
    "connected" INTEGER NOT NULL,
    "no_answer" INTEGER NOT NULL,
    "voicemail" INTEGER NOT NULL,
    "busy" INTEGER NOT NULL,
    "wrong_number" INTEGER NOT NULL,
    "callback" INTEGER NOT NULL,
    "qualified" INTEGER NOT NULL,
    "not_interested" INTEGER NOT NULL,
    "do_not_call" INTEGER NOT NULL,

    CONSTRAINT "call_hourly_pkey" PRIMARY KEY ("agent_id","hour")
);

-- CreateTable
CREATE TABLE "call_heat_hourly" (
    "agent_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "lead_how" SMALLINT NOT NULL,
    "calls" INTEGER NOT NULL,
    "connects" INTEGER NOT NULL,

    CONSTRAINT "call_heat_hourly_pkey" PRIMARY KEY ("agent_id","hour","lead_how")
);

-- Backfill from every call there is (live and archived).
INSERT INTO call_hourly (agent_id, hour, calls, connects, talk_sec, engagement_sum, engagement_n, connected, no_answer, voicemail, busy, wrong_number, callback, qualified, not_interested, do_not_call)
    SELECT c.agent_id, date_trunc('hour', c.started_at, 'UTC'), count(*), count(*) FILTER (WHERE c.outcome IN ('CONNECTED', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL')),
           coalesce(sum(c.duration_sec) FILTER (WHERE c.outcome IN ('CONNECTED', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL')), 0), coalesce(sum(c.engagement), 0), count(c.engagement),
           count(*) FILTER (WHERE c.outcome = 'CONNECTED'), count(*) FILTER (WHERE c.outcome = 'NO_ANSWER'), count(*) FILTER (WHERE c.outcome = 'VOICEMAIL'), count(*) FILTER (WHERE c.outcome = 'BUSY'), count(*) FILTER (WHERE c.outcome = 'WRONG_NUMBER'), count(*) FILTER (WHERE c.outcome = 'CALLBACK'), count(*) FILTER (WHERE c.outcome = 'QUALIFIED'), count(*) FILTER (WHERE c.outcome = 'NOT_INTERESTED'), count(*) FILTER (WHERE c.outcome = 'DO_NOT_CALL')
      FROM calls_all c WHERE TRUE
     GROUP BY 1, 2
    ON CONFLICT (agent_id, hour) DO UPDATE SET
      calls = call_hourly.calls + EXCLUDED.calls, connects = call_hourly.connects + EXCLUDED.connects, talk_sec = call_hourly.talk_sec + EXCLUDED.talk_sec, engagement_sum = call_hourly.engagement_sum + EXCLUDED.engagement_sum, engagement_n = call_hourly.engagement_n + EXCLUDED.engagement_n, connected = call_hourly.connected + EXCLUDED.connected, no_answer = call_hourly.no_answer + EXCLUDED.no_answer, voicemail = call_hourly.voicemail + EXCLUDED.voicemail, busy = call_hourly.busy + EXCLUDED.busy, wrong_number = call_hourly.wrong_number + EXCLUDED.wrong_number, callback = call_hourly.callback + EXCLUDED.callback, qualified = call_hourly.qualified + EXCLUDED.qualified, not_interested = call_hourly.not_interested + EXCLUDED.not_interested, do_not_call = call_hourly.do_not_call + EXCLUDED.do_not_call;

INSERT INTO call_heat_hourly (agent_id, hour, lead_how, calls, connects)
    SELECT c.agent_id, date_trunc('hour', c.started_at, 'UTC'), ((extract(isodow FROM c.started_at AT TIME ZONE coalesce(l.timezone, 'UTC')) - 1) * 24 + extract(hour FROM c.started_at AT TIME ZONE coalesce(l.timezone, 'UTC')))::smallint,
           count(*), count(*) FILTER (WHERE c.outcome IN ('CONNECTED', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL'))
      FROM calls_all c LEFT JOIN leads l ON l.id = c.lead_id WHERE TRUE
     GROUP BY 1, 2, 3
    ON CONFLICT (agent_id, hour, lead_how) DO UPDATE SET calls = call_heat_hourly.calls + EXCLUDED.calls, connects = call_heat_hourly.connects + EXCLUDED.connects;
