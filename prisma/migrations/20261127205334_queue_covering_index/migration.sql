-- DropIndex
DROP INDEX "leads_queue_idx";

-- CreateIndex
CREATE INDEX "leads_queue_idx" ON "leads"("owner_id", "status", "priority", "score" DESC, "last_called_at", "next_call_at", "timezone", "reserved_by_id", "reserved_until", "id");
