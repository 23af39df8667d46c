/**
 * `npm test`: everything CI holds the project to, in order: services up,
 * lint, formatting, type check, unit + integration tests (real PostgreSQL and Redis),
 * production build, two instances of it on one database and one Redis, e2e
 * in Chromium against that build, then the budget gates (bundle, load test,
 * Lighthouse), each shown to refuse a budget tightened below its figure, and
 * their combined report (reports/perf.md). Ends with one plain
 * `N passed, N failed` line.
 *   npm test -- --skip lighthouse,e2e     (skip steps while iterating)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ADMIN_URL, createTestDatabase, dropTestDatabase } from '../tests/setup/test-database';
import { markBuildCurrent } from './build-state';
import { writeCspManifest } from './csp-hashes';
import { waitForHealthy } from './http-session';

interface Outcome {
  step: string;
  passed: number;
  failed: number;
  note?: string;
}

const { values } = parseArgs({ options: { skip: { type: 'string', default: '' } } });
const skip = new Set(values.skip!.split(',').filter(Boolean));
const outcomes: Outcome[] = [];
// Entry points by path: not every package exports its CLI file.
const bin = (file: string) => path.resolve('node_modules', file);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PORT = Number(process.env.E2E_PORT ?? 3199);
const BASE_URL = `http://127.0.0.1:${PORT}`;

function banner(step: string) {
  console.log(`\n━━ ${step} ${'━'.repeat(Math.max(0, 70 - step.length))}`);
}

function run(command: string, args: string[], env: Record<string, string> = {}): boolean {
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
}

/** A step that is one check: pass or fail. */
function check(step: string, command: string, args: string[], env?: Record<string, string>): boolean {
  if (skip.has(step)) return true;
  banner(step);
  const ok = run(command, args, env);
  outcomes.push({ step, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return ok;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function unitTests() {
  if (skip.has('unit')) return;
  banner('unit + integration (vitest)');
  rmSync('reports/vitest.json', { force: true });
  const ok = run(
    process.execPath,
    [bin('vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json'],
    { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15' },
  );
  const report = readJson<VitestReport>('reports/vitest.json');
  if (!report) return outcomes.push({ step: 'vitest', passed: 0, failed: 1, note: 'no report (did it crash?)' });
  outcomes.push({
    step: 'vitest',
    passed: report.numPassedTests,
    failed: report.numFailedTests || (ok ? 0 : 1),
    note: failedTests(report),
  });
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults?: { name: string; assertionResults?: { fullName: string; status: string }[] }[];
}

/** The failing tests by file and name, for the summary: CI keeps only the tail of the output. */
function failedTests(report: VitestReport): string | undefined {
  const names = (report.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => test.status === 'failed')
      .map((test) => `${path.relative(process.cwd(), file.name)} › ${test.fullName}`),
  );
  return names.length ? names.join('; ') : undefined;
}

function gate(step: string, script: string, report: string, args: string[] = []) {
  if (skip.has(step)) return;
  banner(`${step} budget gate`);
  rmSync(report, { force: true });
  const ok = run(process.execPath, ['--import', 'tsx', script, ...args], { BASE_URL });
  const lines = readJson<{ results: { pass: boolean }[] }>(report)?.results;
  if (!lines) return outcomes.push({ step, passed: 0, failed: 1, note: 'the gate produced no report' });
  const failed = lines.filter((l) => !l.pass).length;
  outcomes.push({ step, passed: lines.length - failed, failed: failed || (ok ? 0 : 1) });
}

/** Each gate that ran must refuse its budgets tightened just below the figures it measured (scripts/perf.ts). */
function gateSelfTests() {
  const gates = ['bundle', 'loadtest', 'lighthouse'].filter((g) => !skip.has(g) && existsSync(`reports/${g}.json`));
  if (!gates.length) return;
  banner('gate self-tests (budgets tightened below the figures must fail)');
  for (const gate of gates) {
    const refused = run(process.execPath, ['--import', 'tsx', 'scripts/perf.ts', '--self-test', '--only', gate], { BASE_URL });
    outcomes.push({ step: `${gate} gate refuses a tightened budget`, passed: refused ? 1 : 0, failed: refused ? 0 : 1 });
  }
  // One report of every gate, as `npm run perf` writes it.
  run(process.execPath, ['--import', 'tsx', 'scripts/perf.ts', '--from-reports', '--only', gates.join(',')], { BASE_URL });
}

/** Two production servers on one PostgreSQL and one Redis (tests/cluster): they must behave as one app. */
function twoInstances() {
  if (skip.has('cluster')) return;
  banner('two instances, one app (vitest, tests/cluster)');
  rmSync('reports/cluster.json', { force: true });
  const ok = run(
    process.execPath,
    [
      bin('vitest/vitest.mjs'),
      'run',
      '--config',
      'vitest.cluster.config.mts',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=reports/cluster.json',
    ],
    { CLUSTER_REDIS_URL: 'redis://127.0.0.1:6379/14' },
  );
  const report = readJson<VitestReport>('reports/cluster.json');
  outcomes.push(
    report
      ? { step: 'two instances', passed: report.numPassedTests, failed: report.numFailedTests || (ok ? 0 : 1), note: failedTests(report) }
      : { step: 'two instances', passed: 0, failed: 1, note: 'no report' },
  );
}

/** Writes PostgreSQL's dirty pages out now (a checkpoint), so that a measurement does not start under their write-back. */
async function checkpoint() {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
    await client.query('CHECKPOINT');
  } catch (error) {
    console.log(`(no checkpoint before the load test: ${(error as Error).message})`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Serves the fresh build on a fresh database, as `npm start` does for a user, and runs e2e and gates against it. */
async function againstServer() {
  if (['e2e', 'bundle', 'loadtest', 'lighthouse'].every((s) => skip.has(s))) return;
  const database = await createTestDatabase('callpace_e2e');
  banner(`server on ${BASE_URL} (database ${database.name})`);
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
    // The load test's virtual agents each send their own X-Forwarded-For from this machine: trust loopback as their proxy.
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      DEMO_DATA: 'on',
      REDIS_URL,
      PORT: String(PORT),
      NODE_ENV: 'production',
      TRUSTED_PROXIES: 'loopback',
      SERVER_TIMING: 'on',
    },
  });
  try {
    await waitForHealthy(BASE_URL, server);
    // The load test first, on the freshly seeded database: the e2e specs write thousands of rows, and on
    // these machines the disk's write-back of them stalls commits for hundreds of milliseconds.
    if (!skip.has('loadtest')) {
      await checkpoint();
      gate('loadtest', 'scripts/loadtest.ts', 'reports/loadtest.json', ['--ci']);
    }
    if (!skip.has('e2e')) {
      banner('e2e (Playwright, Chromium)');
      rmSync('reports/playwright.json', { force: true });
      const ok = run(process.execPath, [bin('@playwright/test/cli.js'), 'test'], { BASE_URL, DATABASE_URL: database.url });
      const stats = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>('reports/playwright.json')?.stats;
      outcomes.push(
        stats
          ? { step: 'e2e', passed: stats.expected + stats.flaky, failed: stats.unexpected || (ok ? 0 : 1) }
          : { step: 'e2e', passed: 0, failed: 1, note: 'no report' },
      );
    }
    gate('bundle', 'scripts/check-bundle.ts', 'reports/bundle.json');
    gate('lighthouse', 'scripts/check-lighthouse.ts', 'reports/lighthouse.json');
    gateSelfTests();
  } catch (error) {
    outcomes.push({ step: 'server', passed: 0, failed: 1, note: (error as Error).message });
  } finally {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1_000));
    await dropTestDatabase(database.name).catch((error: Error) => console.error(`could not drop ${database.name}: ${error.message}`));
  }
}

async function main() {
  mkdirSync('reports', { recursive: true });
  const servicesUp = check('services', 'bash', ['scripts/ensure-services.sh']);
  check('lint', process.execPath, [bin('eslint/bin/eslint.js'), '.', '--max-warnings', '0']);
  check('format', process.execPath, [bin('prettier/bin/prettier.cjs'), '--check', '.', '--log-level', 'warn']);
  check('typecheck', process.execPath, [bin('typescript/bin/tsc'), '--noEmit']);
  if (servicesUp) {
    unitTests();
    const built = check('build', process.execPath, [bin('next/dist/bin/next'), 'build']);
    if (built) writeCspManifest();
    if (built && !skip.has('build')) markBuildCurrent();
    if (built && existsSync('.next/BUILD_ID')) {
      twoInstances();
      await againstServer();
    }
  }

  console.log('\n━━ summary ' + '━'.repeat(61));
  for (const o of outcomes)
    console.log(`${o.failed ? 'FAIL' : 'ok  '} ${o.step}: ${o.passed} passed, ${o.failed} failed${o.note ? ` (${o.note})` : ''}`);
  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(error.stack);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
