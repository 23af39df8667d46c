/**
 * `npx tsx scripts/code-stats.ts`: the shape of the code a newcomer meets —
 * file sizes under app/, components/ and lib/ (median, p90, the largest
 * five) and SQL call sites by style (the lint rules in eslint.config.mjs
 * keep the raw styles at zero; this shows what is left and where).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { percentile } from '../lib/platform/metrics/percentile';

const tracked = (...roots: string[]) =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...roots], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.(ts|tsx|mjs)$/.test(file) && !/\.test\.|\/generated\//.test(file));

const sizes = tracked('app', 'components', 'lib')
  .map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length }))
  .sort((a, b) => a.lines - b.lines);
const lines = sizes.map((entry) => entry.lines);
console.log(`${sizes.length} files: median ${percentile(lines, 50)} lines, p90 ${percentile(lines, 90)}`);
for (const { file, lines } of sizes.slice(-5).reverse()) console.log(`  ${String(lines).padStart(4)}  ${file}`);

const STYLES: Record<string, RegExp> = {
  $queryRawUnsafe: /\$queryRawUnsafe\s*[<(]/g,
  $executeRawUnsafe: /\$executeRawUnsafe\s*[<(]/g,
  '$queryRaw (tagged)': /\$queryRaw\s*(<[^>]*>)?\s*`/g,
  '$executeRaw (tagged)': /\$executeRaw\s*`/g,
  'Prisma.sql fragment': /Prisma\.sql\s*`/g,
  'Kysely builder': /\.(selectFrom|insertInto|updateTable|deleteFrom|with)\(/g,
  'Kysely sql`…`': /(?<!Prisma\.)\bsql(<[^>]*>)?`/g,
  'pg / SqlRunner text': /\b(sql|db|pool|client|runner)\.(query|exec)\s*[<(]/g,
};
const count = (files: string[], pattern: RegExp) =>
  files.reduce((sum, file) => sum + (readFileSync(file, 'utf8').match(pattern) ?? []).length, 0);
const app = tracked('app', 'components', 'lib');
const operator = tracked('scripts', 'prisma');
console.log('\nSQL call sites by style        app  scripts+prisma');
for (const [style, pattern] of Object.entries(STYLES)) {
  console.log(`  ${style.padEnd(26)} ${String(count(app, pattern)).padStart(4)}  ${String(count(operator, pattern)).padStart(4)}`);
}
