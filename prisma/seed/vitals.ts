/**
 * Field samples shaped like real ones: log-normal per metric, slower on
 * phones and slow connections, busier in working hours, releases rolling out
 * over the window. Attribution carries selectors and timing parts only.
 */
import { rateVital, type VitalName } from '../../lib/platform/budgets';
import { Random } from './random';

const AGENT_ROUTES = new Set(['/queue', '/leads/[id]', '/leads']);
const ROUTES = [
  ['/queue', 35],
  ['/leads/[id]', 30],
  ['/', 5],
  ['/login', 5],
  ['/dashboard', 10],
  ['/reports/vitals', 5],
  ['/reports/performance', 3],
  ['/leads', 7],
] as const;
const ROUTE_WEIGHT: Record<string, number> = {
  '/dashboard': 1.3,
  '/reports/vitals': 1.2,
  '/reports/performance': 1.2,
  '/': 0.8,
  '/login': 0.7,
};
const CONNECTION_WEIGHT: Record<string, number> = { '4g': 1, '3g': 1.8, '2g': 3.5, 'slow-2g': 5 };
const SELECTORS: Record<string, string[]> = {
  LCP: ['main > h1', 'ul.queue > li:nth-child(1) > a', 'section.lead-card > h2', 'div.dashboard-totals'],
  INP: ['button.log-call', 'button.next-lead', 'input#search', 'a.tel-link', 'select#outcome'],
  CLS: ['div.queue-list', 'header.status-bar', 'section.call-history'],
};

/** Median (ms; CLS unitless) on a desktop with a fast connection. */
const MEDIANS: Record<VitalName, [median: number, sigma: number]> = {
  LCP: [900, 0.45],
  FCP: [600, 0.45],
  TTFB: [140, 0.5],
  INP: [70, 0.6],
  CLS: [0.03, 0.9],
  'time-to-next-lead': [160, 0.5],
  'search-response': [130, 0.5],
  'outbox-drain': [1200, 0.7],
};

export interface SeedVital {
  sampleId: string;
  metric: VitalName;
  value: number;
  rating: string;
  route: string;
  device: string;
  connection: string;
  release: string;
  navigationType: string;
  attribution: Record<string, string | number> | null;
  replayed: boolean;
  at: Date;
}

export function releaseAt(now: Date, at: Date): string {
  const daysAgo = (now.getTime() - at.getTime()) / 86_400_000;
  const released = new Date(now.getTime() - (daysAgo > 14 ? 28 : daysAgo > 4 ? 14 : 4) * 86_400_000);
  return `r${released.toISOString().slice(0, 10).replaceAll('-', '.')}`;
}

function pickMetric(rng: Random, route: string): VitalName {
  const options: [VitalName, number][] = [
    ['LCP', 1],
    ['FCP', 1],
    ['TTFB', 1],
    ['CLS', 1],
    ['INP', 0.8],
  ];
  if (route === '/queue' || route === '/leads/[id]') options.push(['time-to-next-lead', 0.5], ['outbox-drain', 0.05]);
  if (route === '/queue') options.push(['search-response', 0.3]);
  return rng.weighted(options);
}

function attribution(rng: Random, metric: VitalName, value: number): SeedVital['attribution'] {
  if (metric === 'LCP') {
    const ttfb = Math.round(value * 0.2);
    return {
      target: rng.pick(SELECTORS.LCP),
      timeToFirstByte: ttfb,
      resourceLoadDelay: Math.round(value * 0.1),
      resourceLoadDuration: Math.round(value * 0.3),
      elementRenderDelay: Math.round(value * 0.4),
    };
  }
  if (metric === 'INP') {
    return {
      interactionTarget: rng.pick(SELECTORS.INP),
      interactionType: 'pointer',
      inputDelay: Math.round(value * 0.2),
      processingDuration: Math.round(value * 0.5),
      presentationDelay: Math.round(value * 0.3),
    };
  }
  if (metric === 'CLS' && value > 0) return { largestShiftTarget: rng.pick(SELECTORS.CLS) };
  return null;
}

export function makeVital(rng: Random, index: number, now: Date, days = 28): SeedVital {
  let at: Date;
  do {
    at = new Date(now.getTime() - rng.next() * days * 86_400_000);
  } while (!rng.chance(at.getUTCHours() >= 12 && at.getUTCHours() <= 23 ? 1 : 0.15));
  const route = rng.weighted(ROUTES);
  const agentRoute = AGENT_ROUTES.has(route);
  const device = agentRoute
    ? rng.weighted([
        ['mobile', 80],
        ['desktop', 15],
        ['tablet', 5],
      ] as const)
    : rng.weighted([
        ['desktop', 85],
        ['mobile', 10],
        ['tablet', 5],
      ] as const);
  const connection =
    device === 'desktop'
      ? '4g'
      : rng.weighted([
          ['4g', 75],
          ['3g', 20],
          ['2g', 3],
          ['slow-2g', 2],
        ] as const);
  const metric = pickMetric(rng, route);
  const [median, sigma] = MEDIANS[metric];
  const deviceWeight = device === 'mobile' ? 2 : device === 'tablet' ? 1.5 : 1;
  let value: number;
  if (metric === 'CLS') value = rng.chance(0.6) ? 0 : Number(rng.logNormal(median * (device === 'desktop' ? 1 : 1.5), sigma).toFixed(4));
  else
    value =
      Math.round(
        rng.logNormal(
          median * deviceWeight * CONNECTION_WEIGHT[connection] ** (metric === 'INP' ? 0.2 : 1) * (ROUTE_WEIGHT[route] ?? 1),
          sigma,
        ) * 10,
      ) / 10;
  return {
    sampleId: `v5-${at.getTime()}-${1_000_000_000_000 + index}`,
    metric,
    value,
    rating: rateVital(metric, value),
    route,
    device,
    connection,
    release: releaseAt(now, at),
    navigationType: rng.weighted([
      ['navigate', 70],
      ['reload', 10],
      ['back-forward', 10],
      ['back-forward-cache', 8],
      ['restore', 2],
    ] as const),
    attribution: attribution(rng, metric, value),
    replayed: rng.chance(0.01),
    at,
  };
}
