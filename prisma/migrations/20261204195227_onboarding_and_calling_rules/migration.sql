-- CreateEnum
CREATE TYPE "UserTokenKind" AS ENUM ('SETUP', 'INVITE', 'RESET');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LeadStatus" ADD VALUE 'ATTEMPTS_USED_UP';
ALTER TYPE "LeadStatus" ADD VALUE 'CLOSED';

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "subject_id" UUID,
ADD COLUMN     "team_id" UUID;

-- AlterTable
ALTER TABLE "leads" ADD COLUMN     "attempts" SMALLINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "user_tokens" (
    "id" UUID NOT NULL,
    "kind" "UserTokenKind" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" UUID,
    "created_by_id" UUID,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calling_rules" (
    "manager_id" UUID NOT NULL,
    "start_hour" SMALLINT NOT NULL,
    "end_hour" SMALLINT NOT NULL,
    "days" SMALLINT[],
    "retry_no_answer_min" INTEGER NOT NULL,
    "retry_busy_min" INTEGER NOT NULL,
    "retry_voicemail_min" INTEGER NOT NULL,
    "retry_connected_min" INTEGER NOT NULL,
    "max_attempts" SMALLINT NOT NULL,
    "closing_outcomes" "CallOutcome"[],
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calling_rules_pkey" PRIMARY KEY ("manager_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_tokens_token_hash_key" ON "user_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "user_tokens_user_id_kind_idx" ON "user_tokens"("user_id", "kind");

-- CreateIndex
CREATE INDEX "audit_events_team_id_created_at_idx" ON "audit_events"("team_id", "created_at");

-- AddForeignKey
ALTER TABLE "user_tokens" ADD CONSTRAINT "user_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_tokens" ADD CONSTRAINT "user_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calling_rules" ADD CONSTRAINT "calling_rules_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
