-- DropIndex
DROP INDEX "vital_samples_metric_route_at_idx";

-- CreateTable
CREATE TABLE "vital_histograms_daily" (
    "day" DATE NOT NULL,
    "metric" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "vital_histograms_daily_pkey" PRIMARY KEY ("day","metric","route","device","release","bucket")
);

-- CreateIndex
CREATE INDEX "vital_samples_metric_at_idx" ON "vital_samples"("metric", "at");

-- Backfill from the hourly rows already stored
INSERT INTO "vital_histograms_daily" ("day", "metric", "route", "device", "release", "bucket", "count", "sum")
SELECT ("hour" AT TIME ZONE 'UTC')::date, "metric", "route", "device", "release", "bucket", sum("count"), sum("sum")
  FROM "vital_histograms"
 GROUP BY 1, 2, 3, 4, 5, 6;
