-- CreateTable
CREATE TABLE "calls_archive" (
    "id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_sec" INTEGER NOT NULL,
    "outcome" "CallOutcome" NOT NULL,
    "engagement" SMALLINT,
    "notes" TEXT,
    "key_phrases" TEXT[],
    "callback_at" TIMESTAMPTZ(3),
    "recorded_offline" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calls_archive_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "calls_archive_client_id_key" ON "calls_archive"("client_id");

-- CreateIndex
CREATE INDEX "calls_archive_agent_id_started_at_idx" ON "calls_archive"("agent_id", "started_at");

-- CreateIndex
CREATE INDEX "calls_archive_started_at_idx" ON "calls_archive"("started_at");

-- Every call, live or archived: what call reports read.
CREATE VIEW "calls_all" AS
  SELECT "id", "client_id", "lead_id", "agent_id", "started_at", "duration_sec", "outcome", "engagement", "notes", "key_phrases", "callback_at", "recorded_offline", "created_at" FROM "calls"
  UNION ALL
  SELECT "id", "client_id", "lead_id", "agent_id", "started_at", "duration_sec", "outcome", "engagement", "notes", "key_phrases", "callback_at", "recorded_offline", "created_at" FROM "calls_archive";
