/**
 * `npm run bench`: the app under load on databases of its own, each endpoint
 * next to an empty route handler measured in the same run, since these
 * machines are too noisy for absolute figures alone.
 *   npm run bench -- --duration 10 --connections 10 [--only api|outbox|vitals|import]
 *
 * Prepares the bench database (BENCH_DATABASE_URL, default a `callpace_bench`
 * database on the local PostgreSQL): migrates it and seeds the large scale on
 * the first run; builds the app when the build is stale; then runs the parts
 * in order, each against the production build served on BENCH_PORT (3299):
 * the agent API uncached and cached (./api), the outbox replay in Chromium
 * (./outbox), field vitals ingest and report on a second database (./vitals),
 * and the CSV import (./import). Each endpoint runs at `--connections` for
 * `--duration` seconds after a 2 s warm-up, unless a part names its own.
 *
 * Writes reports/bench.json and prints the tables; exits 1 when a figure is
 * not comparable (failed requests) or a part lost writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runApi } from './api';
import { runImport, type ImportBench } from './import';
import type { Pace, Row } from './measure';
import { runOutboxDrain, type OutboxDrain } from './outbox';
import { DATABASE_URL, build, prepareDatabase, say } from './shared';
import { runVitals, type VitalsBench } from './vitals';

const PARTS = ['api', 'outbox', 'vitals', 'import'] as const;
type Part = (typeof PARTS)[number];
const USAGE = `npm run bench [-- --duration <s> --connections <n> --only ${PARTS.join('|')}]`;

/** The command line, checked before anything starts; null after --help. */
function readArgs(): { pace: Pace; only?: Part } | null {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      /** One part only. */
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return null;
  }
  const only = values.only as Part | undefined;
  if (only !== undefined && !PARTS.includes(only)) throw new Error(`--only takes one of ${PARTS.join(', ')}, not "${only}"`);
  const pace = { duration: Number(values.duration), connections: Number(values.connections) };
  for (const [flag, value] of Object.entries(pace)) {
    if (!(value > 0)) throw new Error(`--${flag} takes a positive number`);
  }
  return { pace, only };
}

function printTable(title: string, rows: Row[]): void {
  console.log(`\n${title}\n\n| endpoint | conn | req/s | × empty handler | p50 ms | p95 ms | p99 ms | errors |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.connections} | ${row.rps.toFixed(0)} | ${row.ratio!.toFixed(2)} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.errors} |`,
    );
  }
}

function printReport(
  api: { cached: Row[]; uncached: Row[] } | null,
  drain: OutboxDrain | null,
  vitals: VitalsBench | null,
  imported: ImportBench | null,
): void {
  if (api) {
    printTable('Data cache on (as served)', api.cached);
    printTable('Data cache off (every read from PostgreSQL)', api.uncached);
  }
  if (vitals) {
    printTable('Beacon ingest (rate limit checked in Redis, samples written in batches)', vitals.ingest);
    console.log(
      `\nAccepted ${vitals.ingestStored.accepted} beacons (${vitals.ingestStored.accepted * vitals.ingestStored.samplesPerBeacon} samples); stored after SIGTERM: ${vitals.ingestStored.stored}`,
    );
    printTable(
      `Field report over ${(vitals.fieldSamples / 1e6).toFixed(1)}M samples (28-day windows; 1 connection, so p50 ≈ server time)`,
      vitals.report,
    );
  }
  if (imported) {
    console.log(
      `\nCSV import of ${imported.rows.toLocaleString('en-US')} rows (${(imported.bytes / 1024 / 1024).toFixed(1)} MB), round-robin: ${imported.first.ms} ms, ${Math.round(imported.rows / (imported.first.ms / 1000)).toLocaleString('en-US')} rows/s (${imported.first.inserted} new, ${imported.first.invalid} invalid); the same file again (all updates): ${imported.again.ms} ms`,
    );
  }
  if (drain)
    console.log(
      `\nOutbox drain: ${drain.calls} calls queued offline in Chromium, drained in ${drain.drainMs} ms after reconnect (${drain.perCallMs.toFixed(1)} ms per call); server rows afterwards: ${drain.rows} (expected exactly ${drain.calls})`,
    );
}

async function main() {
  const args = readArgs();
  if (!args) return;
  const { pace, only } = args;
  if (only !== 'vitals') await prepareDatabase();
  build();
  say(`${pace.connections} connections, ${pace.duration} s per endpoint after a 2 s warm-up`);
  const runs = (part: Part) => !only || only === part;
  const api = runs('api') ? await runApi(pace) : null;
  const drain = runs('outbox') ? await runOutboxDrain() : null;
  const vitals = runs('vitals') ? await runVitals(pace) : null;
  const imported = runs('import') ? await runImport() : null;
  const cachedRows = api?.cached ?? [];
  const uncachedRows = api?.uncached ?? [];

  printReport(api, drain, vitals, imported);
  mkdirSync('reports', { recursive: true });
  const file = path.join('reports', 'bench.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        database: new URL(DATABASE_URL).pathname.slice(1),
        durationSec: pace.duration,
        connections: pace.connections,
        cached: cachedRows,
        uncached: uncachedRows,
        outboxDrain: drain,
        vitals,
        import: imported,
      },
      null,
      2,
    ),
  );
  say(`wrote ${file}`);

  if (drain && drain.rows !== drain.calls) {
    say(`outbox drain stored ${drain.rows} rows for ${drain.calls} calls: replay is not exactly once`);
    process.exitCode = 1;
  }
  // More may be stored than counted: beacons still in flight when a measurement ends are stored but not counted.
  if (vitals && vitals.ingestStored.stored < vitals.ingestStored.accepted * vitals.ingestStored.samplesPerBeacon) {
    say(
      `stored ${vitals.ingestStored.stored} samples of ${vitals.ingestStored.accepted * vitals.ingestStored.samplesPerBeacon} accepted: samples were lost`,
    );
    process.exitCode = 1;
  }
  if ([...cachedRows, ...uncachedRows, ...(vitals ? [...vitals.ingest, ...vitals.report] : [])].some((row) => row.errors > 0)) {
    say('some requests failed: figures with errors are not comparable');
    process.exitCode = 1;
  }
}

main().catch((error: Error) => {
  console.error(`[bench] ${error.message}`);
  process.exit(1);
});
