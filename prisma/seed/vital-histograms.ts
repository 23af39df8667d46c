/**
 * Synthetic field data for demos and the bench: hourly and daily vital
 * histograms for `samples` page-view samples spread over `days` (more during
 * working hours), six routes, two device classes and two releases (the newer
 * one from two thirds in, a little faster), plus raw samples with attribution
 * for the offenders. Values follow a log-normal per metric, route and device,
 * so percentiles and shares look like real field data. Written with COPY.
 */
import { vitalNames, type VitalName } from '../../lib/platform/budgets';
import type { SqlRunner } from '../../lib/platform/db/sql';
import { bucketOf, bucketUpperBound, MAX_BUCKET } from '../../lib/platform/metrics/histogram';

const HOUR_MS = 3_600_000;
const ROUTES = ['/queue', '/leads/[id]', '/login', '/', '/next', '/reports/vitals'] as const;
const DEVICES = [
  ['mobile', 0.7],
  ['desktop', 0.3],
] as const;
/** Median and log-spread per metric; routes and devices scale the median. */
const SHAPES: Record<VitalName, { median: number; sigma: number; share: number }> = {
  LCP: { median: 1400, sigma: 0.5, share: 1 },
  INP: { median: 90, sigma: 0.7, share: 0.6 },
  CLS: { median: 0.01, sigma: 1.2, share: 1 },
  FCP: { median: 1000, sigma: 0.45, share: 1 },
  TTFB: { median: 250, sigma: 0.6, share: 1 },
  'time-to-next-lead': { median: 220, sigma: 0.5, share: 0.4 },
  'search-response': { median: 230, sigma: 0.4, share: 0.15 },
  'outbox-drain': { median: 1800, sigma: 0.6, share: 0.01 },
};
const ROUTE_FACTOR: Record<string, number> = {
  '/queue': 1.1,
  '/leads/[id]': 1,
  '/login': 0.8,
  '/': 0.75,
  '/next': 0.9,
  '/reports/vitals': 1.3,
};
const ROUTE_WEIGHT: Record<string, number> = {
  '/queue': 0.35,
  '/leads/[id]': 0.4,
  '/login': 0.05,
  '/': 0.03,
  '/next': 0.12,
  '/reports/vitals': 0.05,
};
const OFFENDERS: Partial<Record<VitalName, [string, string][]>> = {
  LCP: [
    ['target', 'main>ul>li:nth-child(1)>a'],
    ['target', 'main>h1'],
    ['target', 'main>section>p'],
  ],
  INP: [
    ['interactionTarget', 'form>button.save-next'],
    ['interactionTarget', 'input#lead-search'],
    ['interactionTarget', 'a.call-button'],
  ],
  CLS: [
    ['largestShiftTarget', 'main>div.status-line'],
    ['largestShiftTarget', 'header>div>a'],
  ],
};

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Expected share of each bucket for a log-normal (median, sigma): [bucket, share][] over the buckets that matter. */
function bucketShares(median: number, sigma: number): [number, number][] {
  const lo = bucketOf(median * Math.exp(-4.5 * sigma));
  const hi = Math.min(MAX_BUCKET, bucketOf(median * Math.exp(4.5 * sigma)));
  const cdf = (value: number) => normalCdf(Math.log(value / median) / sigma);
  const shares: [number, number][] = [];
  for (let bucket = lo; bucket <= hi; bucket++) {
    const share = cdf(bucketUpperBound(bucket)) - (bucket === lo ? 0 : cdf(bucketUpperBound(bucket - 1)));
    if (share > 1e-7) shares.push([bucket, share]);
  }
  return shares;
}

/** A small deterministic generator (mulberry32), so the same call makes the same data. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface VitalSeedOptions {
  /** Page views over the whole period (each gives one sample per web vital, fewer for INP and the workflows). */
  pageViews: number;
  days: number;
  /** The period ends at this hour (exclusive). */
  end?: Date;
  /** Raw samples with attribution written for the offenders. */
  rawSamples?: number;
  releases?: [older: string, newer: string];
}

export async function seedVitalHistograms(
  sql: SqlRunner,
  options: VitalSeedOptions,
): Promise<{ histogramRows: number; dailyRows: number; samples: number }> {
  const end = Math.floor((options.end ?? new Date()).getTime() / HOUR_MS) * HOUR_MS;
  const start = end - options.days * 24 * HOUR_MS;
  const [older, newer] = options.releases ?? ['demo-release-1', 'demo-release-2'];
  const switchAt = start + Math.floor((options.days * 2) / 3) * 24 * HOUR_MS;
  const rand = random(42);

  // Working hours get most of the traffic (UTC here; the demo does not need local time).
  const hourWeight = (hour: number) => (hour >= 8 && hour < 20 ? 3 : 0.3);
  let weightSum = 0;
  for (let at = start; at < end; at += HOUR_MS) weightSum += hourWeight(new Date(at).getUTCHours());

  const shareCache = new Map<string, [number, number][]>();
  const daily = new Map<string, number>();
  let histogramRows = 0;
  let samples = 0;
  function* hourly(): Generator<string> {
    for (let at = start; at < end; at += HOUR_MS) {
      const views = (options.pageViews * hourWeight(new Date(at).getUTCHours())) / weightSum;
      const release = at >= switchAt ? newer : older;
      const speed = release === newer ? 0.92 : 1;
      const hour = new Date(at).toISOString();
      const day = hour.slice(0, 10);
      const lines: string[] = [];
      for (const metric of vitalNames) {
        for (const route of ROUTES) {
          for (const [device, deviceShare] of DEVICES) {
            const expected = views * SHAPES[metric].share * ROUTE_WEIGHT[route] * deviceShare;
            const key = `${metric}|${route}|${device}|${release}`;
            let shares = shareCache.get(key);
            if (!shares) {
              const { median, sigma } = SHAPES[metric];
              shares = bucketShares(median * ROUTE_FACTOR[route] * (device === 'mobile' ? 1.35 : 1) * speed, sigma);
              shareCache.set(key, shares);
            }
            for (const [bucket, share] of shares) {
              const mean = expected * share;
              // Stochastic rounding keeps the total right on average without fractional counts.
              const count = Math.floor(mean) + (rand() < mean - Math.floor(mean) ? 1 : 0);
              if (count === 0) continue;
              const value = bucketUpperBound(bucket) / Math.sqrt(1.05);
              lines.push(`${hour}\t${metric}\t${route}\t${device}\t${release}\t${bucket}\t${count}\t${value * count}\n`);
              const dailyKey = `${day}\t${metric}\t${route}\t${device}\t${release}\t${bucket}`;
              daily.set(dailyKey, (daily.get(dailyKey) ?? 0) + count);
              histogramRows += 1;
              samples += count;
            }
          }
        }
      }
      yield lines.join('');
    }
  }
  const columns = ['metric', 'route', 'device', 'release', 'bucket', 'count', 'sum'];
  await sql.copyIn('vital_histograms', ['hour', ...columns], hourly());
  function* dailyLines(): Generator<string> {
    let chunk: string[] = [];
    for (const [key, count] of daily) {
      const bucket = Number(key.split('\t')[5]);
      chunk.push(`${key}\t${count}\t${(bucketUpperBound(bucket) / Math.sqrt(1.05)) * count}\n`);
      if (chunk.length === 10_000) {
        yield chunk.join('');
        chunk = [];
      }
    }
    if (chunk.length) yield chunk.join('');
  }
  await sql.copyIn('vital_histograms_daily', ['day', ...columns], dailyLines());

  // Raw samples with attribution, spread over the period, for the offenders list.
  const rawCount = options.rawSamples ?? 0;
  function* raw(): Generator<string> {
    let chunk: string[] = [];
    for (let i = 0; i < rawCount; i++) {
      const metric = (['LCP', 'INP', 'CLS'] as const)[i % 3];
      const route = ROUTES[Math.floor(rand() * 2)];
      const [key, target] = OFFENDERS[metric]![Math.floor(rand() ** 2 * OFFENDERS[metric]!.length)];
      const { median, sigma } = SHAPES[metric];
      const gaussian = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      const value = median * ROUTE_FACTOR[route] * Math.exp(sigma * gaussian);
      const attribution: Record<string, string | number> = { [key]: target };
      if (metric === 'INP')
        Object.assign(attribution, {
          inputDelay: Math.round(value * 0.2),
          processingDuration: Math.round(value * 0.5),
          presentationDelay: Math.round(value * 0.3),
        });
      if (metric === 'LCP')
        Object.assign(attribution, {
          timeToFirstByte: Math.round(value * 0.25),
          resourceLoadDelay: 0,
          resourceLoadDuration: 0,
          elementRenderDelay: Math.round(value * 0.75),
        });
      const at = new Date(start + rand() * (end - start)).toISOString();
      chunk.push(
        `synthetic-${i}\t${metric}\t${value}\t${route}\tmobile\t${at >= new Date(switchAt).toISOString() ? newer : older}\t${JSON.stringify(attribution)}\t${at}\n`,
      );
      if (chunk.length === 10_000) {
        yield chunk.join('');
        chunk = [];
      }
    }
    if (chunk.length) yield chunk.join('');
  }
  if (rawCount > 0)
    await sql.copyIn('vital_samples', ['sample_id', 'metric', 'value', 'route', 'device', 'release', 'attribution', 'at'], raw());
  return { histogramRows, dailyRows: daily.size, samples };
}
