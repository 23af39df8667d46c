-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('AGENT', 'MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "LeadStatus" AS ENUM ('NEW', 'CONTACTED', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL', 'WRONG_NUMBER');

-- CreateEnum
CREATE TYPE "CallOutcome" AS ENUM ('CONNECTED', 'NO_ANSWER', 'VOICEMAIL', 'BUSY', 'WRONG_NUMBER', 'CALLBACK', 'QUALIFIED', 'NOT_INTERESTED', 'DO_NOT_CALL');

-- CreateEnum
CREATE TYPE "AlertSource" AS ENUM ('FIELD_VITALS', 'API_LATENCY', 'ERROR_RATE', 'DATABASE', 'EVENT_LOOP');

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('OK', 'WARNING', 'CRITICAL', 'RESOLVED');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'AGENT',
    "password_hash" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "manager_id" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leads" (
    "id" UUID NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "company" TEXT,
    "phone" TEXT NOT NULL,
    "email" TEXT,
    "timezone" TEXT NOT NULL,
    "status" "LeadStatus" NOT NULL DEFAULT 'NEW',
    "priority" SMALLINT NOT NULL DEFAULT 3,
    "score" SMALLINT NOT NULL DEFAULT 50,
    "owner_id" UUID,
    "next_call_at" TIMESTAMPTZ(3),
    "last_called_at" TIMESTAMPTZ(3),
    "reserved_by_id" UUID,
    "reserved_until" TIMESTAMPTZ(3),
    "source" TEXT,
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calls" (
    "id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_sec" INTEGER NOT NULL DEFAULT 0,
    "outcome" "CallOutcome" NOT NULL,
    "engagement" SMALLINT,
    "notes" TEXT,
    "key_phrases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "callback_at" TIMESTAMPTZ(3),
    "recorded_offline" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vital_samples" (
    "id" BIGSERIAL NOT NULL,
    "sample_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "rating" TEXT,
    "route" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "connection" TEXT,
    "release" TEXT NOT NULL,
    "navigation_type" TEXT,
    "attribution" JSONB,
    "replayed" BOOLEAN NOT NULL DEFAULT false,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vital_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vital_histograms" (
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "metric" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "vital_histograms_pkey" PRIMARY KEY ("hour","metric","route","device","release","bucket")
);

-- CreateTable
CREATE TABLE "request_histograms" (
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "route" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "status_class" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "request_histograms_pkey" PRIMARY KEY ("minute","route","method","status_class","bucket")
);

-- CreateTable
CREATE TABLE "slow_queries" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "model" TEXT,
    "action" TEXT NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "route" TEXT,
    "statement" TEXT NOT NULL,

    CONSTRAINT "slow_queries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "source" "AlertSource" NOT NULL,
    "metric" TEXT NOT NULL,
    "scope" JSONB NOT NULL DEFAULT '{}',
    "warning" DOUBLE PRECISION NOT NULL,
    "critical" DOUBLE PRECISION NOT NULL,
    "min_samples" INTEGER NOT NULL DEFAULT 50,
    "consecutive_breaches" INTEGER NOT NULL DEFAULT 3,
    "window_minutes" INTEGER NOT NULL DEFAULT 5,
    "webhook_url" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "state" "AlertState" NOT NULL DEFAULT 'OK',
    "breach_streak" INTEGER NOT NULL DEFAULT 0,
    "last_evaluated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" BIGSERIAL NOT NULL,
    "rule_id" UUID NOT NULL,
    "from_state" "AlertState" NOT NULL,
    "to_state" "AlertState" NOT NULL,
    "value" DOUBLE PRECISION,
    "sample_count" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_manager_id_idx" ON "users"("manager_id");

-- CreateIndex
CREATE UNIQUE INDEX "leads_phone_key" ON "leads"("phone");

-- CreateIndex
CREATE INDEX "leads_queue_idx" ON "leads"("owner_id", "status", "priority", "score" DESC, "last_called_at");

-- CreateIndex
CREATE INDEX "leads_owner_next_call_idx" ON "leads"("owner_id", "next_call_at");

-- CreateIndex
CREATE INDEX "leads_status_next_call_at_idx" ON "leads"("status", "next_call_at");

-- CreateIndex
CREATE INDEX "leads_first_name_trgm_idx" ON "leads" USING GIN ("first_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "leads_last_name_trgm_idx" ON "leads" USING GIN ("last_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "leads_company_trgm_idx" ON "leads" USING GIN ("company" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "leads_phone_trgm_idx" ON "leads" USING GIN ("phone" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "leads_email_trgm_idx" ON "leads" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "calls_client_id_key" ON "calls"("client_id");

-- CreateIndex
CREATE INDEX "calls_agent_id_started_at_idx" ON "calls"("agent_id", "started_at");

-- CreateIndex
CREATE INDEX "calls_lead_id_started_at_idx" ON "calls"("lead_id", "started_at");

-- CreateIndex
CREATE INDEX "calls_started_at_idx" ON "calls"("started_at");

-- CreateIndex
CREATE INDEX "vital_samples_at_idx" ON "vital_samples"("at");

-- CreateIndex
CREATE INDEX "vital_samples_metric_route_at_idx" ON "vital_samples"("metric", "route", "at");

-- CreateIndex
CREATE INDEX "vital_histograms_metric_hour_idx" ON "vital_histograms"("metric", "hour");

-- CreateIndex
CREATE INDEX "request_histograms_route_minute_idx" ON "request_histograms"("route", "minute");

-- CreateIndex
CREATE INDEX "slow_queries_at_idx" ON "slow_queries"("at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_name_key" ON "alert_rules"("name");

-- CreateIndex
CREATE INDEX "alert_events_rule_id_at_idx" ON "alert_events"("rule_id", "at");

-- CreateIndex
CREATE INDEX "alert_events_at_idx" ON "alert_events"("at");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leads" ADD CONSTRAINT "leads_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leads" ADD CONSTRAINT "leads_reserved_by_id_fkey" FOREIGN KEY ("reserved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calls" ADD CONSTRAINT "calls_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calls" ADD CONSTRAINT "calls_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
