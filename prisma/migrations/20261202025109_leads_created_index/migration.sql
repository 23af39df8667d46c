-- CreateIndex
CREATE INDEX "leads_created_idx" ON "leads"("created_at" DESC, "id" DESC);
