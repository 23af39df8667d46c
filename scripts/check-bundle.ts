/**
 * First-load JavaScript per route (KB of gzip): every script the route's
 * HTML loads from /_next/static, read from the build and gzipped, summed,
 * and held to the route's budget in perf-budgets.json. Pages load signed in
 * as a demo agent (scripts/gate-targets.ts).
 *   BASE_URL=http://127.0.0.1:3000 npm run check:bundle [-- --budgets file.json]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { publish, type GateResult } from '../lib/platform/budgets/gate-report';
import { gateTargets } from './gate-targets';

interface BundleBudgets {
  bundles: { defaultKb: number; routes: Record<string, number> };
}

export function scriptSources(html: string): string[] {
  const sources = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) {
    const src = match[1].replace(/&amp;/g, '&');
    if (src.startsWith('/_next/static/')) sources.add(src.split('?')[0]);
  }
  return [...sources];
}

export function gzipKb(file: string): number {
  return gzipSync(readFileSync(file)).byteLength / 1024;
}

async function main() {
  const { values } = parseArgs({ options: { budgets: { type: 'string', default: 'perf-budgets.json' } } });
  const budgets = JSON.parse(readFileSync(values.budgets!, 'utf8')) as BundleBudgets;
  const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
  const targets = await gateTargets(base);
  const results: GateResult[] = [];
  for (const [route, budget] of Object.entries(budgets.bundles.routes)) {
    const response = await fetch(new URL(targets.path(route), base), { headers: { cookie: targets.cookie(route) }, redirect: 'manual' });
    if (!response.ok) throw new Error(`${route} answered ${response.status}; cannot measure its bundle`);
    const sources = scriptSources(await response.text());
    const kb = sources.reduce((sum, src) => sum + gzipKb(path.join('.next', 'static', src.slice('/_next/static/'.length))), 0);
    results.push({
      gate: 'bundle',
      route,
      metric: `first-load JS (${sources.length} scripts, gzip)`,
      kind: 'max',
      budget,
      figure: Math.round(kb * 10) / 10,
      unit: 'KB',
    });
  }
  process.exit(publish('bundle', 'First-load JavaScript', results) ? 0 : 1);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`check-bundle: ${error.message}`);
    process.exit(1);
  });
}
