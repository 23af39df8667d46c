/**
 * Lighthouse CI on every route in perf-budgets.json: mobile, `runs` runs per
 * route (signed in as a demo agent), the median of each figure judged against its budget. Throttling
 * comes from the budget file (LH_THROTTLING overrides it).
 *   BASE_URL=http://127.0.0.1:3000 npm run check:lighthouse [-- --budgets file.json]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { publish, type GateResult } from '../lib/budgets/report';
import { gateTargets } from './gate-targets';

type Budget = Record<'performance' | 'largest-contentful-paint' | 'total-blocking-time' | 'cumulative-layout-shift', number>;
interface LighthouseBudgets {
  lighthouse: { runs: number; throttlingMethod: string; defaults: Budget; routes: Record<string, Partial<Budget>> };
}

// These audits error on Chromium 156 with Lighthouse 12 (ENVIRONMENT.md).
const BROKEN_AUDITS = ['largest-contentful-paint-element', 'lcp-lazy-loaded', 'layout-shifts', 'non-composited-animations', 'prioritize-lcp-image', 'render-blocking-resources'];
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';
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
        settings: { chromeFlags: CHROME_FLAGS, onlyCategories: ['performance'], skipAudits: BROKEN_AUDITS, formFactor: 'mobile', throttlingMethod, ...(cookie ? { extraHeaders: JSON.stringify({ Cookie: cookie }) } : {}) },
      },
    },
  };
  const configPath = path.join(OUT, 'lighthouserc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const result = spawnSync(process.execPath, [require.resolve('@lhci/cli/src/cli.js'), 'collect', '--additive', `--config=${configPath}`], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('lhci collect failed (see above)');
}

function readRuns(): Lhr[] {
  return readdirSync(OUT)
    .filter((f) => /^lhr-.*\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(path.join(OUT, f), 'utf8')) as Lhr);
}

async function main() {
  const { values } = parseArgs({ options: { budgets: { type: 'string', default: 'perf-budgets.json' } } });
  const { lighthouse } = JSON.parse(readFileSync(values.budgets!, 'utf8')) as LighthouseBudgets;
  const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
  const routes = Object.keys(lighthouse.routes);
  const targets = await gateTargets(base);
  const urlOf = (route: string) => new URL(targets.path(route), base).toString();
  const throttling = process.env.LH_THROTTLING ?? lighthouse.throttlingMethod;
  rmSync(OUT, { recursive: true, force: true });
  // One collection per Cookie header: lhci applies one set of settings to all its URLs.
  for (const cookie of new Set(routes.map((r) => targets.cookie(r)))) {
    collect(routes.filter((r) => targets.cookie(r) === cookie).map(urlOf), lighthouse.runs, throttling, cookie);
  }
  const runs = readRuns();
  const results: GateResult[] = [];
  for (const route of routes) {
    const url = urlOf(route);
    const mine = runs.filter((r) => r.requestedUrl === url);
    if (mine.length === 0) throw new Error(`no Lighthouse result for ${route}`);
    const budget = { ...lighthouse.defaults, ...lighthouse.routes[route] };
    const audit = (id: string) => median(mine.map((r) => r.audits[id]?.numericValue ?? Number.NaN));
    const gate = `lighthouse (median of ${mine.length}, mobile)`;
    results.push(
      { gate, route, metric: 'performance score', kind: 'min', budget: budget.performance * 100, figure: Math.round(median(mine.map((r) => r.categories.performance.score)) * 100), unit: '' },
      { gate, route, metric: 'LCP', kind: 'max', budget: budget['largest-contentful-paint'], figure: Math.round(audit('largest-contentful-paint')), unit: 'ms' },
      { gate, route, metric: 'TBT', kind: 'max', budget: budget['total-blocking-time'], figure: Math.round(audit('total-blocking-time')), unit: 'ms' },
      { gate, route, metric: 'CLS', kind: 'max', budget: budget['cumulative-layout-shift'], figure: Math.round(audit('cumulative-layout-shift') * 1000) / 1000, unit: '' },
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
