/** Whether the production build in .next matches the sources, by a hash of every file that goes into it. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'prisma/schema.prisma',
  'next.config.ts',
  'tailwind.config.ts',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
  'perf-budgets.json',
];
const SKIP = new Set(['generated', 'node_modules', '.next']);
const STAMP = path.join('.next', 'callpace-source-hash');

function walk(entry: string, files: string[]) {
  if (!existsSync(entry)) return;
  if (statSync(entry).isFile()) return void files.push(entry);
  for (const name of readdirSync(entry).sort()) {
    if (!SKIP.has(name) && !name.endsWith('.test.ts')) walk(path.join(entry, name), files);
  }
}

export function sourceHash(): string {
  const files: string[] = [];
  INPUTS.forEach((input) => walk(input, files));
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export function buildIsCurrent(): boolean {
  if (!existsSync(path.join('.next', 'BUILD_ID')) || !existsSync(STAMP)) return false;
  return readFileSync(STAMP, 'utf8').trim() === sourceHash();
}

export function markBuildCurrent(): void {
  writeFileSync(STAMP, sourceHash());
}
