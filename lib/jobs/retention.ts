/**
 * Keeps stored telemetry bounded: raw field samples (30 days), request
 * histograms (90 days), hourly and daily field histograms (13 months) and
 * slow-query records (30 days), each configurable. Deletes only rows older
 * than their limit; returns how many went, per table.
 */
import 'server-only';
import { db } from '../platform/db/client';
import { getEnv } from '../platform/env';

export interface RetentionLimits {
  rawVitalsDays: number;
  requestHistogramDays: number;
  vitalHistogramDays: number;
  slowQueryDays: number;
}

export function retentionLimits(): RetentionLimits {
  const env = getEnv();
  return {
    rawVitalsDays: env.VITALS_RAW_RETENTION_DAYS,
    requestHistogramDays: env.REQUEST_HISTOGRAM_RETENTION_DAYS,
    vitalHistogramDays: env.VITAL_HISTOGRAM_RETENTION_DAYS,
    slowQueryDays: env.SLOW_QUERY_RETENTION_DAYS,
  };
}

export async function applyRetention(now = new Date(), limits = retentionLimits()): Promise<Record<string, number>> {
  const before = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const histogramsBefore = before(limits.vitalHistogramDays);
  // The daily rows' UTC day: midnight UTC of the cut-off's date.
  const daysBefore = new Date(histogramsBefore.toISOString().slice(0, 10));
  const [vitalSamples, requestHistograms, vitalHistograms, vitalHistogramsDaily, slowQueries] = await Promise.all([
    db.vitalSample.deleteMany({ where: { at: { lt: before(limits.rawVitalsDays) } } }),
    db.requestHistogram.deleteMany({ where: { minute: { lt: before(limits.requestHistogramDays) } } }),
    db.vitalHistogram.deleteMany({ where: { hour: { lt: histogramsBefore } } }),
    db.vitalHistogramDaily.deleteMany({ where: { day: { lt: daysBefore } } }),
    db.slowQuery.deleteMany({ where: { at: { lt: before(limits.slowQueryDays) } } }),
  ]);
  return {
    vitalSamples: vitalSamples.count,
    requestHistograms: requestHistograms.count,
    vitalHistograms: vitalHistograms.count,
    vitalHistogramsDaily: vitalHistogramsDaily.count,
    slowQueries: slowQueries.count,
  };
}
