/**
 * Keeps stored telemetry bounded: raw field samples (30 days), request
 * histograms (90 days), hourly and daily field histograms (13 months) and
 * slow-query records (30 days), each configurable. Deletes only rows older
 * than their limit; returns how many went, per table.
 */
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
  const [vitalSamples, requestHistograms, vitalHistograms, vitalHistogramsDaily, slowQueries] = await Promise.all([
    db.$executeRaw`DELETE FROM vital_samples WHERE at < ${before(limits.rawVitalsDays)}::timestamptz`,
    db.$executeRaw`DELETE FROM request_histograms WHERE minute < ${before(limits.requestHistogramDays)}::timestamptz`,
    db.$executeRaw`DELETE FROM vital_histograms WHERE hour < ${histogramsBefore}::timestamptz`,
    db.$executeRaw`DELETE FROM vital_histograms_daily WHERE day < ${histogramsBefore.toISOString().slice(0, 10)}::date`,
    db.$executeRaw`DELETE FROM slow_queries WHERE at < ${before(limits.slowQueryDays)}::timestamptz`,
  ]);
  return { vitalSamples, requestHistograms, vitalHistograms, vitalHistogramsDaily, slowQueries };
}
