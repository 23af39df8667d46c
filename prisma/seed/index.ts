/**
 * The demo data set. Deterministic for a given seed and day: the random
 * stream is fixed, times are laid out backwards from the start of today (UTC).
 * Bulk loads go through COPY, never row by row.
 */
import { rollupStatements } from '../../lib/calls/call-rollup';
import { hash } from '@node-rs/argon2';
import { bucketOf } from '../../lib/platform/metrics/histogram';
import { copyChunks, type SqlRunner } from '../../lib/platform/db/sql';
import { zoneOffsetMinutes } from './catalog';
import { callHistory, leadStateAfter } from './calls';
import { DEMO_PASSWORD, demoUsers, makeLead } from './people';
import { Random } from './random';
import { makeVital } from './vitals';

export const SCALES = {
  small: { leads: 2_000, calls: 20_000, vitals: 20_000 },
  large: { leads: 100_000, calls: 1_000_000, vitals: 1_000_000 },
} as const;
export type Scale = keyof typeof SCALES;

export interface SeedOptions {
  scale?: Scale;
  seed?: number;
  now?: Date;
  log?: (message: string) => void;
}

const DOMAIN_TABLES = [
  'user_tokens',
  'calling_rules',
  'call_heat_hourly',
  'call_hourly',
  'lead_changes',
  'audit_events',
  'lead_import_errors',
  'lead_imports',
  'do_not_call_numbers',
  'verifications',
  'accounts',
  'sessions',
  'alert_events',
  'alert_rules',
  'slow_queries',
  'request_histograms',
  'vital_histograms_daily',
  'vital_histograms',
  'vital_samples',
  'calls_archive',
  'calls',
  'leads',
  'users',
];

/**
 * Drops secondary indexes and foreign keys of the bulk-loaded tables and
 * returns a function that recreates them: one sorted build per index and one
 * validation pass per key is several times faster than maintaining them row
 * by row during COPY. A violated unique index or key fails the rebuild.
 */
async function suspendIndexes(db: SqlRunner, tables: string[]): Promise<() => Promise<void>> {
  const indexes = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  const keys = await db.query<{ name: string; table: string; definition: string }>(
    `SELECT c.conname AS name, t.relname AS table, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE c.contype = 'f' AND t.relname = ANY($1)`,
    [tables],
  );
  for (const key of keys) await db.exec(`ALTER TABLE "${key.table}" DROP CONSTRAINT "${key.name}"`);
  for (const index of indexes) await db.exec(`DROP INDEX "${index.name}"`);
  return async () => {
    for (const index of indexes) await db.exec(index.definition);
    for (const key of keys) await db.exec(`ALTER TABLE "${key.table}" ADD CONSTRAINT "${key.name}" ${key.definition}`);
  };
}

/** Spreads `total` calls over `leads` leads (about one in five untouched), summing exactly to `total`. */
function callCounts(rng: Random, leads: number, total: number): Int32Array {
  const weights = Array.from({ length: leads }, () => (rng.chance(0.2) ? 0 : rng.logNormal(1, 0.8)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = new Int32Array(leads);
  let assigned = 0;
  weights.forEach((w, i) => {
    counts[i] = Math.floor((w / sum) * total);
    assigned += counts[i];
  });
  for (let i = 0; assigned < total; i = (i + 1) % leads) {
    if (weights[i] > 0) {
      counts[i]++;
      assigned++;
    }
  }
  return counts;
}

export async function seed(db: SqlRunner, options: SeedOptions = {}) {
  const scale = SCALES[options.scale ?? 'small'];
  const seedValue = options.seed ?? 20261125;
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
  const started = performance.now();
  const step = (label: string) => log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  await db.exec(`TRUNCATE ${DOMAIN_TABLES.map((t) => `"${t}"`).join(', ')} CASCADE`);
  const restore = await suspendIndexes(db, ['leads', 'calls', 'vital_samples', 'vital_histograms']);

  let histogramRows = 0;
  let userCount = 0;
  try {
    const users = demoUsers(new Random(seedValue));
    const hashes = await Promise.all(users.map(() => hash(DEMO_PASSWORD)));
    await db.copyIn(
      'users',
      ['id', 'email', 'email_verified', 'name', 'role', 'timezone', 'manager_id', 'updated_at'],
      copyChunks(users.map((u) => [u.id, u.email, true, u.name, u.role, u.timezone, u.managerId, now])),
    );
    // Email + password sign-in keeps the hash on a credential account (better-auth's layout).
    await db.copyIn(
      'accounts',
      ['id', 'account_id', 'provider_id', 'user_id', 'password', 'updated_at'],
      copyChunks(users.map((u, i) => [u.id, u.id, 'credential', u.id, hashes[i], now])),
    );
    step(`users: ${users.length}`);
    userCount = users.length;

    const agents = users.filter((u) => u.role === 'AGENT').map((u) => u.id);
    const leadRng = new Random(seedValue + 1);
    const leads = Array.from({ length: scale.leads }, (_, i) => makeLead(leadRng, i, agents, now));
    const counts = callCounts(new Random(seedValue + 2), scale.leads, scale.calls);
    const offsets = new Map<string, number>();
    const offsetOf = (zone: string) => offsets.get(zone) ?? offsets.set(zone, zoneOffsetMinutes(zone, now)).get(zone)!;
    // Each lead's history comes from its own stream, so the lead pass and the
    // call pass regenerate identical histories without holding 1M calls in memory.
    const history = (i: number) => {
      const rng = new Random(seedValue * 31 + i);
      return { rng, calls: callHistory(rng, counts[i], offsetOf(leads[i].timezone), now) };
    };

    function* leadRows() {
      for (let i = 0; i < leads.length; i++) {
        const lead = leads[i];
        const { rng, calls } = history(i);
        const state = leadStateAfter(calls, rng);
        yield [
          lead.id,
          lead.firstName,
          lead.lastName,
          lead.company,
          lead.phone,
          lead.email,
          lead.timezone,
          state.status,
          lead.priority,
          lead.score,
          lead.ownerId,
          state.nextCallAt,
          state.lastCalledAt,
          lead.source,
          lead.createdAt,
          state.lastCalledAt ?? lead.createdAt,
        ];
      }
    }
    await db.copyIn(
      'leads',
      [
        'id',
        'first_name',
        'last_name',
        'company',
        'phone',
        'email',
        'timezone',
        'status',
        'priority',
        'score',
        'owner_id',
        'next_call_at',
        'last_called_at',
        'source',
        'created_at',
        'updated_at',
      ],
      copyChunks(leadRows()),
    );
    step(`leads: ${leads.length}`);
    await db.exec(`INSERT INTO do_not_call_numbers (phone) SELECT phone FROM leads WHERE status = 'DO_NOT_CALL' ON CONFLICT DO NOTHING`);

    function* callRows() {
      for (let i = 0; i < leads.length; i++) {
        const agentId = leads[i].ownerId ?? agents[i % agents.length];
        for (const c of history(i).calls) {
          yield [
            c.id,
            c.clientId,
            leads[i].id,
            agentId,
            c.startedAt,
            c.durationSec,
            c.outcome,
            c.engagement,
            c.notes,
            c.keyPhrases,
            c.callbackAt,
            c.recordedOffline,
            new Date(c.startedAt.getTime() + c.durationSec * 1000),
          ];
        }
      }
    }
    await db.copyIn(
      'calls',
      [
        'id',
        'client_id',
        'lead_id',
        'agent_id',
        'started_at',
        'duration_sec',
        'outcome',
        'engagement',
        'notes',
        'key_phrases',
        'callback_at',
        'recorded_offline',
        'created_at',
      ],
      copyChunks(callRows()),
    );
    step(`calls: ${scale.calls}`);
    for (const statement of rollupStatements('TRUE')) await db.exec(statement);
    step('call rollups');

    // Hourly histograms are accumulated while the raw samples stream out.
    const histograms = new Map<string, { count: number; sum: number }>();
    function* vitalRows() {
      const rng = new Random(seedValue + 3);
      for (let i = 0; i < scale.vitals; i++) {
        const v = makeVital(rng, i, now);
        const hour = new Date(Math.floor(v.at.getTime() / 3_600_000) * 3_600_000).toISOString();
        const key = `${hour}\t${v.metric}\t${v.route}\t${v.device}\t${v.release}\t${bucketOf(v.value)}`;
        const cell = histograms.get(key);
        if (cell) {
          cell.count++;
          cell.sum += v.value;
        } else histograms.set(key, { count: 1, sum: v.value });
        yield [
          v.sampleId,
          v.metric,
          v.value,
          v.rating,
          v.route,
          v.device,
          v.connection,
          v.release,
          v.navigationType,
          v.attribution,
          v.replayed,
          v.at,
          v.at,
        ];
      }
    }
    await db.copyIn(
      'vital_samples',
      [
        'sample_id',
        'metric',
        'value',
        'rating',
        'route',
        'device',
        'connection',
        'release',
        'navigation_type',
        'attribution',
        'replayed',
        'at',
        'received_at',
      ],
      copyChunks(vitalRows()),
    );
    step(`vital samples: ${scale.vitals}`);

    await db.copyIn(
      'vital_histograms',
      ['hour', 'metric', 'route', 'device', 'release', 'bucket', 'count', 'sum'],
      copyChunks(
        (function* () {
          for (const [key, { count, sum }] of histograms) yield [...key.split('\t'), count, sum];
        })(),
      ),
    );
    step(`vital histogram rows: ${histograms.size}`);
    histogramRows = histograms.size;
    await db.exec(`INSERT INTO vital_histograms_daily (day, metric, route, device, release, bucket, count, sum)
      SELECT (hour AT TIME ZONE 'UTC')::date, metric, route, device, release, bucket, sum(count), sum(sum) FROM vital_histograms GROUP BY 1, 2, 3, 4, 5, 6`);
    step('vital histograms rolled up by day');
  } finally {
    // Rebuilt even after a failed load, so the database is never left without its indexes.
    await restore();
  }
  step('indexes and foreign keys rebuilt');
  await db.exec('ANALYZE');
  step('analyzed');
  return {
    users: userCount,
    leads: scale.leads,
    calls: scale.calls,
    vitals: scale.vitals,
    histogramRows,
    seconds: (performance.now() - started) / 1000,
  };
}
