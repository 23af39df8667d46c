/**
 * Budget gate results and their report: every line names the gate, the
 * route, the metric, the budget and the measured figure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface GateResult {
  gate: string;
  route: string;
  metric: string;
  /** 'max': figure must be ≤ budget; 'min': figure must be ≥ budget. */
  kind: 'max' | 'min';
  budget: number;
  figure: number;
  unit: string;
}

export const passes = (r: GateResult) => (r.kind === 'max' ? r.figure <= r.budget : r.figure >= r.budget);

const show = (value: number, unit: string) =>
  `${Number.isInteger(value) ? value : value.toFixed(value < 1 ? 3 : 1)}${unit ? ` ${unit}` : ''}`;

export function formatLine(r: GateResult): string {
  const verdict = passes(r) ? 'ok  ' : 'FAIL';
  const relation = r.kind === 'max' ? '≤' : '≥';
  return `${verdict} ${r.gate} ${r.route} ${r.metric}: ${show(r.figure, r.unit)} (budget ${relation} ${show(r.budget, r.unit)})`;
}

export function toMarkdown(title: string, results: GateResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${passes(r) ? '✅' : '❌'} | ${r.route} | ${r.metric} | ${show(r.figure, r.unit)} | ${r.kind === 'max' ? '≤' : '≥'} ${show(r.budget, r.unit)} |`,
  );
  return [`## ${title}`, '', '| | route | metric | figure | budget |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

/** Prints the report, writes it as JSON and Markdown under reports/, and returns whether every line passed. */
export function publish(name: string, title: string, results: GateResult[]): boolean {
  for (const r of results) console.log(formatLine(r));
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    path.join('reports', `${name}.json`),
    JSON.stringify({ title, results: results.map((r) => ({ ...r, pass: passes(r) })) }, null, 2),
  );
  writeFileSync(path.join('reports', `${name}.md`), toMarkdown(title, results));
  const failed = results.filter((r) => !passes(r));
  console.log(
    failed.length ? `${title}: ${failed.length} of ${results.length} over budget` : `${title}: all ${results.length} within budget`,
  );
  return results.length > 0 && failed.length === 0;
}
