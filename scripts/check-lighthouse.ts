/**
 * Lighthouse CI on every route in perf-budgets.json: mobile, `runs` runs per
 * route (signed in as a demo agent), the median of each figure judged against its budget. Throttling
 * comes from the budget file (LH_THROTTLING overrides it).
 *   BASE_URL=http://127.0.0.1:3000 npm run check:lighthouse [-- --budgets file.json]
 *   --reuse judges the runs of the last collection (.lighthouseci) again instead of collecting
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { publish, type GateResult } from '../lib/platform/budgets/gate-report';
import { gateTargets } from './gate-targets';

type Budget = Record<'performance' | 'largest-contentful-paint' | 'total-blocking-time' | 'cumulative-layout-shift', number>;
interface Floor {
  /** The route that is (nearly) an empty Next page: its figures in this run measure the machine, not the app. */
  route: string;
  /** That page's TBT and performance score on the machine the budgets were set on. */
  referenceTbtMs: number;
  referenceScore: number;
  /** The most a slow machine may stretch the budgets. */
  maxScale: number;
}

interface LighthouseBudgets {
  lighthouse: { runs: number; throttlingMethod: string; defaults: Budget; routes: Record<string, Partial<Budget>>; floor?: Floor };
}

/**
 * Budgets for this run's machine. TBT and the score depend on the CPU the page runs on, and these
 * machines' CPUs vary several-fold between days. The floor page, measured in the same run, says how
 * slow this one is: when its TBT is k× its reference (k ≤ maxScale), TBT budgets are k× theirs and
 * score budgets are lowered by the points the floor page lost. On a machine as fast as the reference
 * the budgets are exactly the file's; a page that got slower fails as before, relative to the floor.
 */
export function scaledBudget(
  budget: Budget,
  floor: Floor | undefined,
  measured: { tbtMs: number; score: number } | undefined,
): { budget: Budget; scale: number; scoreDrop: number } {
  if (!floor || !measured) return { budget, scale: 1, scoreDrop: 0 };
  const scale = Math.min(floor.maxScale, Math.max(1, measured.tbtMs / floor.referenceTbtMs));
  const scoreDrop = Math.min(0.15, Math.max(0, floor.referenceScore - measured.score));
  return {
    budget: {
      ...budget,
      'total-blocking-time': Math.round(budget['total-blocking-time'] * scale),
      performance: Math.round((budget.performance - scoreDrop) * 100) / 100,
    },
    scale: Math.round(scale * 100) / 100,
    scoreDrop,
  };
}

// These audits error on Chromium 156 with Lighthouse 12 (they throw inside Lighthouse, whatever the page).
const BROKEN_AUDITS = [
  'largest-contentful-paint-element',
  'lcp-lazy-loaded',
  'layout-shifts',
  'non-composited-animations',
  'prioritize-lcp-image',
  'render-blocking-resources',
];
const CHROME_FLAGS =
  '--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';
const OUT = '.lighthouseci';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Lhr {
  requestedUrl: string;
  finalDisplayedUrl: string;
  categories: { performance: { score: number } };
  audits: Record<string, { numericValue?: number }>;
}

function collect(urls: string[], runs: number, throttlingMethod: string, cookie: string) {
  mkdirSync(OUT, { recursive: true });
  const config = {
    ci: {
      collect: {
        url: urls,
        numberOfRuns: runs,
        chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        settings: {
          chromeFlags: CHROME_FLAGS,
          onlyCategories: ['performance'],
          skipAudits: BROKEN_AUDITS,
          formFactor: 'mobile',
          throttlingMethod,
          ...(cookie ? { extraHeaders: JSON.stringify({ Cookie: cookie }) } : {}),
        },
      },
    },
  };
  const configPath = path.join(OUT, 'lighthouserc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const result = spawnSync(process.execPath, [require.resolve('@lhci/cli/src/cli.js'), 'collect', '--additive', `--config=${configPath}`], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('lhci collect failed (see above)');
}

function readRuns(): Lhr[] {
  return readdirSync(OUT)
    .filter((f) => /^lhr-.*\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(path.join(OUT, f), 'utf8')) as Lhr);
}

async function main() {
  const { values } = parseArgs({
    options: { budgets: { type: 'string', default: 'perf-budgets.json' }, reuse: { type: 'boolean', default: false } },
  });
  const { lighthouse } = JSON.parse(readFileSync(values.budgets!, 'utf8')) as LighthouseBudgets;
  const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
  const routes = Object.keys(lighthouse.routes).filter((route) => route.startsWith('/'));
  const throttling = process.env.LH_THROTTLING ?? lighthouse.throttlingMethod;
  // The URL each route was measured at (a lead page opens a real lead), kept with the runs so --reuse judges the same ones.
  const urlsFile = path.join(OUT, 'urls.json');
  let urls: Record<string, string>;
  if (values.reuse) {
    urls = JSON.parse(readFileSync(urlsFile, 'utf8'));
  } else {
    const targets = await gateTargets(base);
    urls = Object.fromEntries(routes.map((route) => [route, new URL(targets.path(route), base).toString()]));
    rmSync(OUT, { recursive: true, force: true });
    // One collection per Cookie header: lhci applies one set of settings to all its URLs.
    for (const cookie of new Set(routes.map((r) => targets.cookie(r)))) {
      collect(
        routes.filter((r) => targets.cookie(r) === cookie).map((r) => urls[r]),
        lighthouse.runs,
        throttling,
        cookie,
      );
    }
    writeFileSync(urlsFile, JSON.stringify(urls, null, 2));
  }
  const urlOf = (route: string) => {
    if (!urls[route]) throw new Error(`${route} was not measured in the last collection`);
    return urls[route];
  };
  const runs = readRuns();
  const results: GateResult[] = [];
  const floorRuns = lighthouse.floor ? runs.filter((r) => r.requestedUrl === urlOf(lighthouse.floor!.route)) : [];
  const floorMeasured = floorRuns.length
    ? {
        tbtMs: median(floorRuns.map((r) => r.audits['total-blocking-time']?.numericValue ?? Number.NaN)),
        score: median(floorRuns.map((r) => r.categories.performance.score)),
      }
    : undefined;
  if (lighthouse.floor && floorMeasured) {
    const { scale, scoreDrop } = scaledBudget(lighthouse.defaults, lighthouse.floor, floorMeasured);
    console.log(
      `Machine speed: the floor page ${lighthouse.floor.route} measured TBT ${Math.round(floorMeasured.tbtMs)} ms and score ${Math.round(floorMeasured.score * 100)} (reference ${lighthouse.floor.referenceTbtMs} ms, ${Math.round(lighthouse.floor.referenceScore * 100)}): TBT budgets ×${scale}, score budgets −${Math.round(scoreDrop * 100)}.`,
    );
  }
  for (const route of routes) {
    const url = urlOf(route);
    const mine = runs.filter((r) => r.requestedUrl === url);
    if (mine.length === 0) throw new Error(`no Lighthouse result for ${route}`);
    const { budget } = scaledBudget({ ...lighthouse.defaults, ...lighthouse.routes[route] }, lighthouse.floor, floorMeasured);
    const audit = (id: string) => median(mine.map((r) => r.audits[id]?.numericValue ?? Number.NaN));
    const gate = `lighthouse (median of ${mine.length}, mobile)`;
    results.push(
      {
        gate,
        route,
        metric: 'performance score',
        kind: 'min',
        budget: budget.performance * 100,
        figure: Math.round(median(mine.map((r) => r.categories.performance.score)) * 100),
        unit: '',
      },
      {
        gate,
        route,
        metric: 'LCP',
        kind: 'max',
        budget: budget['largest-contentful-paint'],
        figure: Math.round(audit('largest-contentful-paint')),
        unit: 'ms',
      },
      {
        gate,
        route,
        metric: 'TBT',
        kind: 'max',
        budget: budget['total-blocking-time'],
        figure: Math.round(audit('total-blocking-time')),
        unit: 'ms',
      },
      {
        gate,
        route,
        metric: 'CLS',
        kind: 'max',
        budget: budget['cumulative-layout-shift'],
        figure: Math.round(audit('cumulative-layout-shift') * 1000) / 1000,
        unit: '',
      },
    );
  }
  process.exit(publish('lighthouse', 'Lighthouse', results) ? 0 : 1);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`check-lighthouse: ${error.message}`);
    process.exit(1);
  });
}
