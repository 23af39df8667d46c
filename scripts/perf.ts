/**
 * `npm run perf`: every performance budget gate against a running server, and one report of them all.
 *   BASE_URL=http://127.0.0.1:3000 npm run perf                 run the gates (bundle, load test at CI load, Lighthouse)
 *   npm run perf -- --only bundle,loadtest                       some of them
 *   npm run perf -- --from-reports                               combine the gates' last reports without measuring
 *   npm run perf -- --self-test                                  show that each gate refuses a budget tightened below its figure
 * Writes reports/perf.md and reports/perf.json: each line names the gate, the route, the metric, the
 * budget and the figure. Exits 1 when any line is over budget.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatLine, passes, toMarkdown, type GateResult } from '../lib/platform/budgets/gate-report';

interface Gate {
  name: string;
  title: string;
  script: string;
  args: string[];
  /** Arguments that judge the last measurement again instead of measuring. */
  rejudge: string[];
  /** A copy of the budget file with this gate's budget for every measured line set just below its figure. */
  tighten(budgets: Budgets, results: GateResult[]): Budgets;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the budget file, edited by path
type Budgets = any;
const below = (figure: number, step: number) => Math.max(0, Math.floor((figure - step) / step) * step);

export const GATES: Gate[] = [
  {
    name: 'bundle',
    title: 'First-load JavaScript',
    script: 'scripts/check-bundle.ts',
    args: [],
    rejudge: [], // measuring the bundles again takes seconds
    tighten(budgets, results) {
      for (const r of results) budgets.bundles.routes[r.route] = below(r.figure, 0.1);
      return budgets;
    },
  },
  {
    name: 'loadtest',
    title: 'Load test',
    script: 'scripts/loadtest.ts',
    args: ['--ci'],
    rejudge: ['--rejudge'],
    tighten(budgets, results) {
      budgets.loadtest.p95 = {};
      for (const r of results.filter((r) => r.metric === 'p95')) budgets.loadtest.p95[r.route] = below(r.figure, 0.1);
      return budgets;
    },
  },
  {
    name: 'lighthouse',
    title: 'Lighthouse',
    script: 'scripts/check-lighthouse.ts',
    args: [],
    rejudge: ['--reuse'],
    tighten(budgets, results) {
      delete budgets.lighthouse.floor; // judged as measured, not scaled to the machine
      for (const r of results.filter((r) => r.metric === 'LCP'))
        budgets.lighthouse.routes[r.route] = { ...budgets.lighthouse.routes[r.route], 'largest-contentful-paint': below(r.figure, 1) };
      return budgets;
    },
  },
];

const reportFile = (gate: Gate) => path.join('reports', `${gate.name}.json`);

function readReport(gate: Gate): GateResult[] | undefined {
  if (!existsSync(reportFile(gate))) return undefined;
  return (JSON.parse(readFileSync(reportFile(gate), 'utf8')) as { results: GateResult[] }).results;
}

function runGate(gate: Gate, extra: string[] = []): number {
  return (
    spawnSync(process.execPath, ['--import', 'tsx', gate.script, ...gate.args, ...extra], { stdio: 'inherit', env: process.env }).status ??
    1
  );
}

/** One report of every gate that has one: Markdown and JSON under reports/. */
export function combine(gates: Gate[]): { passed: number; failed: GateResult[]; missing: string[] } {
  const sections: { gate: string; title: string; results: (GateResult & { pass: boolean })[] }[] = [];
  for (const gate of gates) {
    const results = readReport(gate);
    if (results) sections.push({ gate: gate.name, title: gate.title, results: results.map((r) => ({ ...r, pass: passes(r) })) });
    else sections.push({ gate: gate.name, title: gate.title, results: [] });
  }
  const all = sections.flatMap((s) => s.results);
  const failed = all.filter((r) => !r.pass);
  const missing = sections.filter((s) => !s.results.length).map((s) => s.title);
  const summary = `${all.length - failed.length} within budget, ${failed.length} over${missing.length ? `; no report from ${missing.join(', ')}` : ''}`;
  const markdown = [
    '# Performance budgets',
    '',
    summary + '.',
    '',
    ...(failed.length ? ['## Over budget', '', ...failed.map((r) => `- ${formatLine(r)}`), ''] : []),
    ...sections.filter((s) => s.results.length).map((s) => toMarkdown(s.title, s.results)),
  ].join('\n');
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/perf.md', markdown);
  writeFileSync('reports/perf.json', JSON.stringify({ generatedAt: new Date().toISOString(), summary, gates: sections }, null, 2));
  console.log(`\nPerformance budgets: ${summary} (reports/perf.md, reports/perf.json)`);
  for (const r of failed) console.log(formatLine(r));
  return { passed: all.length - failed.length, failed, missing };
}

/**
 * For each gate with a report: tighten its budgets just below the figures it measured, judge again, and
 * check that it fails and names every tightened line. The real report is restored afterwards.
 */
export function selfTest(gates: Gate[]): { gate: string; refused: boolean }[] {
  const outcomes: { gate: string; refused: boolean }[] = [];
  for (const gate of gates) {
    const results = readReport(gate);
    if (!results) continue;
    const saved = readFileSync(reportFile(gate), 'utf8');
    const tight = gate.tighten(JSON.parse(readFileSync('perf-budgets.json', 'utf8')), results);
    const file = path.join(tmpdir(), `callpace-tight-${gate.name}-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(tight));
    console.log(`\n${gate.title}: budgets tightened below the figures just measured; the gate must refuse them.`);
    const status = runGate(gate, ['--budgets', file, ...gate.rejudge]);
    const judged = readReport(gate) ?? [];
    const failedLines = judged.filter((r) => !passes(r)).length;
    const tightened =
      gate.name === 'lighthouse'
        ? results.filter((r) => r.metric === 'LCP').length
        : gate.name === 'loadtest'
          ? results.filter((r) => r.metric === 'p95').length
          : results.length;
    const refused = status === 1 && failedLines >= tightened;
    console.log(
      `${refused ? 'ok  ' : 'FAIL'} ${gate.title} gate ${refused ? 'refused' : 'did not refuse'} the tightened budgets (exit ${status}, ${failedLines} of ${judged.length} lines over, ${tightened} tightened)`,
    );
    writeFileSync(reportFile(gate), saved);
    rmSync(file, { force: true });
    outcomes.push({ gate: gate.name, refused });
  }
  return outcomes;
}

function main() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'from-reports': { type: 'boolean', default: false },
      'self-test': { type: 'boolean', default: false },
    },
  });
  const names = values.only?.split(',');
  const gates = GATES.filter((g) => !names || names.includes(g.name));
  if (values['self-test']) {
    const outcomes = selfTest(gates);
    process.exit(outcomes.length && outcomes.every((o) => o.refused) ? 0 : 1);
  }
  if (!values['from-reports']) {
    for (const gate of gates) {
      console.log(`\n━━ ${gate.title}`);
      rmSync(reportFile(gate), { force: true });
      runGate(gate);
    }
  }
  const { failed, missing } = combine(gates);
  process.exit(failed.length || missing.length ? 1 : 0);
}

if (require.main === module) main();
