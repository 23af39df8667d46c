/**
 * `npm run loadtest`: virtual agents working their queues against a running
 * server, the way the app does on a phone: read the queue, sometimes search,
 * open a lead (read it, reserve it, prefetch the next one as the lead page
 * does), log the call, send the page's field beacon, with think time between
 * steps. Each virtual agent signs in as one
 * of the seed's 40 agents (several share an account, like one agent on two
 * devices) and sends its own client address, as phones behind a load
 * balancer would.
 *
 * Without options it ramps through `loadtest.ramp` virtual agents, one stage
 * of `loadtest.stageSeconds` each, and reports each endpoint's p95 (measured
 * by the client: queueing included) against its budget, the error rate, the
 * throughput and the data cache's hit rate per stage, and the knee: the first
 * load at which a p95 breaks its budget or errors pass `api.errorRate`, and
 * stay broken at the next stage. (This machine's disk stalls a commit for
 * 0.1-2 s now and then; one stage over budget between two within it is
 * reported as a one-off breach, not as the knee.)
 *   (start the server with SERVER_TIMING=on, or server times are not reported)
 *   BASE_URL=http://127.0.0.1:3000 npm run loadtest [-- --ramp 10,20,40 --stage-seconds 20 --think-ms 1000]
 *   npm run loadtest -- --past-knee       keep ramping after the knee, to see how latency grows with load
 *   npm run loadtest -- --ci               one stage at `loadtest.ci`, judged as a gate (reports/loadtest.json)
 *   npm run loadtest -- --rejudge --budgets f.json   judge the last run's latencies again against other budgets
 * The server's rate limits see real traffic: 429s count as errors.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { publish, type GateResult } from '../lib/platform/budgets/gate-report';
import { percentile } from '../lib/platform/metrics/percentile';
import { signInOverHttp } from './http-session';

export const ENDPOINTS = [
  'GET /api/leads',
  'GET /api/leads?q=',
  'GET /api/leads/[id]',
  'POST /api/leads/[id]/reservation',
  'POST /api/calls',
  'POST /api/vitals',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

interface Budgets {
  api: { defaults: { p95: number }; routes: Record<string, { p95?: number }>; errorRate: number };
  loadtest: {
    thinkMs: number;
    stageSeconds: number;
    warmupSeconds: number;
    ramp: number[];
    ci: { agents: number; seconds: number };
    p95?: Partial<Record<Endpoint, number>>;
  };
}

/** Latencies (ms, client-side) and failures of one stage, per endpoint. */
export interface StageSamples {
  agents: number;
  seconds: number;
  latencies: Record<string, number[]>;
  /** The server's own time (Server-Timing total), without the network and the queue before the handler. */
  serverMs: Record<string, number[]>;
  errors: Record<string, number>;
  statuses: Record<string, number>;
  cache: Record<string, { hits: number; misses: number }>;
}

/** The p95 budget of an endpoint under load: the load test's own figure if the file has one, else the API budget. */
export function p95Budget(budgets: Budgets, endpoint: string): number {
  return budgets.loadtest.p95?.[endpoint as Endpoint] ?? budgets.api.routes[endpoint]?.p95 ?? budgets.api.defaults.p95;
}

/** Gate lines for one stage: each endpoint's p95 and the error rate over all requests. */
export function judge(stage: StageSamples, budgets: Budgets): GateResult[] {
  const gate = `load test (${stage.agents} virtual agents, ${stage.seconds} s)`;
  const results: GateResult[] = [];
  let requests = 0;
  let errors = 0;
  for (const endpoint of ENDPOINTS) {
    const latencies = stage.latencies[endpoint] ?? [];
    requests += latencies.length;
    errors += stage.errors[endpoint] ?? 0;
    if (!latencies.length) continue;
    results.push({
      gate,
      route: endpoint,
      metric: 'p95',
      kind: 'max',
      budget: p95Budget(budgets, endpoint),
      figure: Math.round(percentile(latencies, 95) * 10) / 10,
      unit: 'ms',
    });
  }
  results.push({
    gate,
    route: 'all endpoints',
    metric: 'error rate',
    kind: 'max',
    budget: budgets.api.errorRate * 100,
    figure: requests ? Math.round((errors / requests) * 100_000) / 1000 : 100,
    unit: '%',
  });
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// The virtual agents

const OUTCOMES: [string, number][] = [
  ['no_answer', 0.45],
  ['voicemail', 0.25],
  ['busy', 0.05],
  ['connected', 0.15],
  ['not_interested', 0.05],
  ['qualified', 0.05],
];

function outcome(): string {
  let roll = Math.random();
  for (const [name, share] of OUTCOMES) if ((roll -= share) < 0) return name;
  return 'no_answer';
}

interface Run {
  base: string;
  until: number;
  countFrom: number;
  samples: StageSamples;
}

async function request(
  run: Run,
  endpoint: Endpoint,
  path: string,
  init: { cookie: string; address: string; body?: unknown },
): Promise<unknown> {
  const started = performance.now();
  let status = 0;
  let json: unknown = null;
  let serverMs: number | undefined;
  try {
    const response = await fetch(run.base + path, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        cookie: init.cookie,
        'x-forwarded-for': init.address,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json', origin: run.base }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    status = response.status;
    const total = /total;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
    if (total) serverMs = Number(total[1]);
    const text = await response.text();
    json = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
  } catch {
    status = 0; // connection refused or reset
  }
  const ms = performance.now() - started;
  if (Date.now() >= run.countFrom && Date.now() <= run.until) {
    (run.samples.latencies[endpoint] ??= []).push(ms);
    if (serverMs !== undefined) (run.samples.serverMs[endpoint] ??= []).push(serverMs);
    run.samples.statuses[status] = (run.samples.statuses[status] ?? 0) + 1;
    if (status === 0 || status >= 400) run.samples.errors[endpoint] = (run.samples.errors[endpoint] ?? 0) + 1;
  }
  return json;
}

const think = (ms: number) => new Promise((r) => setTimeout(r, ms * (0.5 + Math.random())));

interface LeadItem {
  id: string;
  lastName: string;
}

async function virtualAgent(run: Run, cookie: string, address: string, thinkMs: number) {
  await think(thinkMs); // stagger the starts
  let prefetched: string | undefined;
  while (Date.now() < run.until) {
    const queue = (await request(run, 'GET /api/leads', '/api/leads?limit=50', { cookie, address })) as { items?: LeadItem[] } | null;
    const items = queue?.items ?? [];
    if (!items.length) {
      await think(thinkMs);
      continue;
    }
    await think(thinkMs);
    if (Math.random() < 0.3) {
      const term = items[Math.floor(Math.random() * items.length)].lastName.slice(0, 3);
      await request(run, 'GET /api/leads?q=', `/api/leads?q=${encodeURIComponent(term)}&limit=20`, { cookie, address });
      await think(thinkMs);
    }
    // Open the lead the app prefetched on the last screen when it is still in the queue's first page, else one of the top five.
    const leadId = items.some((item) => item.id === prefetched)
      ? prefetched!
      : items[Math.floor(Math.random() * Math.min(5, items.length))].id;
    await Promise.all([
      request(run, 'GET /api/leads/[id]', `/api/leads/${leadId}`, { cookie, address }),
      request(run, 'POST /api/leads/[id]/reservation', `/api/leads/${leadId}/reservation`, { cookie, address, body: {} }),
    ]);
    // Like the lead page, prefetch the next lead while the agent is on the phone.
    const next = items.find((item) => item.id !== leadId);
    if (next) await request(run, 'GET /api/leads/[id]', `/api/leads/${next.id}`, { cookie, address });
    prefetched = next?.id;
    await think(thinkMs);
    const result = outcome();
    const durationSec =
      result === 'connected' || result === 'qualified' || result === 'not_interested'
        ? 30 + Math.floor(Math.random() * 400)
        : Math.floor(Math.random() * 30);
    await request(run, 'POST /api/calls', '/api/calls', {
      cookie,
      address,
      body: {
        clientId: randomUUID(),
        leadId,
        outcome: result,
        durationSec,
        startedAt: new Date(Date.now() - durationSec * 1000).toISOString(),
        ...(durationSec >= 30 ? { engagement: Math.floor(Math.random() * 100) } : {}),
      },
    });
    if (Math.random() < 0.5) {
      await request(run, 'POST /api/vitals', '/api/vitals', {
        cookie,
        address,
        body: {
          route: '/leads/[id]',
          device: 'mobile',
          connection: '4g',
          navigationType: 'soft',
          samples: [
            { id: randomUUID(), metric: 'time-to-next-lead', value: 150 + Math.random() * 300 },
            { id: randomUUID(), metric: 'INP', value: 40 + Math.random() * 200 },
          ],
        },
      });
    }
    await think(thinkMs);
  }
}

/** This instance's data cache counters per namespace (Prometheus counter callpace_cache_requests_total). */
async function cacheCounters(base: string, managerCookie: string): Promise<Record<string, { hits: number; misses: number }>> {
  const response = await fetch(`${base}/api/metrics?format=json`, { headers: { cookie: managerCookie } });
  if (!response.ok) return {};
  const { metrics } = (await response.json()) as {
    metrics: { name: string; values: { labels: Record<string, string>; value: number }[] }[];
  };
  const counter = metrics.find((m) => m.name === 'callpace_cache_requests_total');
  const counts: Record<string, { hits: number; misses: number }> = {};
  for (const { labels, value } of counter?.values ?? []) {
    const entry = (counts[labels.namespace] ??= { hits: 0, misses: 0 });
    if (labels.result === 'hit') entry.hits += value;
    else entry.misses += value;
  }
  return counts;
}

function difference(after: StageSamples['cache'], before: StageSamples['cache']): StageSamples['cache'] {
  return Object.fromEntries(
    Object.entries(after).map(([ns, c]) => [ns, { hits: c.hits - (before[ns]?.hits ?? 0), misses: c.misses - (before[ns]?.misses ?? 0) }]),
  );
}

async function runStage(
  base: string,
  cookies: string[],
  managerCookie: string,
  agents: number,
  seconds: number,
  warmupSeconds: number,
  thinkMs: number,
): Promise<StageSamples> {
  const samples: StageSamples = { agents, seconds, latencies: {}, serverMs: {}, errors: {}, statuses: {}, cache: {} };
  const started = Date.now();
  const run: Run = { base, countFrom: started + warmupSeconds * 1000, until: started + (warmupSeconds + seconds) * 1000, samples };
  let cacheBefore: StageSamples['cache'] = {};
  const counting = new Promise<void>((resolve) =>
    setTimeout(async () => ((cacheBefore = await cacheCounters(base, managerCookie)), resolve()), warmupSeconds * 1000),
  );
  const workers = Array.from({ length: agents }, (_, i) =>
    virtualAgent(run, cookies[i % cookies.length], `10.${20 + Math.floor(i / 250)}.${i % 250}.${1 + (i % 7)}`, thinkMs),
  );
  await Promise.all([...workers, counting]);
  samples.cache = difference(await cacheCounters(base, managerCookie), cacheBefore);
  return samples;
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting

const SAMPLES_FILE = 'reports/loadtest-samples.json';

function stageLine(stage: StageSamples, budgets: Budgets) {
  const requests = Object.values(stage.latencies).reduce((n, l) => n + l.length, 0);
  const errors = Object.values(stage.errors).reduce((n, e) => n + e, 0);
  const cache = Object.values(stage.cache).reduce((t, c) => ({ hits: t.hits + c.hits, misses: t.misses + c.misses }), {
    hits: 0,
    misses: 0,
  });
  const results = judge(stage, budgets);
  return {
    agents: stage.agents,
    rps: Math.round((requests / stage.seconds) * 10) / 10,
    requests,
    errorRate: requests ? errors / requests : 1,
    p95: Object.fromEntries(ENDPOINTS.map((e) => [e, Math.round(percentile(stage.latencies[e] ?? [], 95) * 10) / 10])),
    p50: Object.fromEntries(ENDPOINTS.map((e) => [e, Math.round(percentile(stage.latencies[e] ?? [], 50) * 10) / 10])),
    serverP95: Object.fromEntries(ENDPOINTS.map((e) => [e, Math.round(percentile(stage.serverMs?.[e] ?? [], 95) * 10) / 10])),
    cacheHitRate: cache.hits + cache.misses ? cache.hits / (cache.hits + cache.misses) : null,
    cacheByNamespace: Object.fromEntries(
      Object.entries(stage.cache).map(([ns, c]) => [ns, c.hits + c.misses ? Math.round((c.hits / (c.hits + c.misses)) * 1000) / 10 : null]),
    ),
    statuses: stage.statuses,
    withinBudget: results.every((r) => r.figure <= r.budget),
    over: results
      .filter((r) => r.figure > r.budget)
      .map((r) => `${r.route} ${r.metric} ${r.figure}${r.unit === '%' ? ' %' : ' ms'} > ${r.budget}`),
  };
}

function printTable(lines: ReturnType<typeof stageLine>[], budgets: Budgets) {
  const short: Record<Endpoint, string> = {
    'GET /api/leads': 'queue',
    'GET /api/leads?q=': 'search',
    'GET /api/leads/[id]': 'lead',
    'POST /api/leads/[id]/reservation': 'reserve',
    'POST /api/calls': 'call',
    'POST /api/vitals': 'beacon',
  };
  const header = [
    'agents',
    'req/s',
    'errors',
    ...ENDPOINTS.map((e) => `${short[e]} p95 (≤${p95Budget(budgets, e)})`),
    'cache hits',
    'verdict',
  ];
  const rows = lines.map((l) => [
    String(l.agents),
    String(l.rps),
    `${(l.errorRate * 100).toFixed(2)} %`,
    ...ENDPOINTS.map((e) => (Number.isNaN(l.p95[e]) ? '–' : `${l.p95[e]} ms (${l.serverP95[e]})`)),
    l.cacheHitRate === null ? '–' : `${(l.cacheHitRate * 100).toFixed(1)} %`,
    l.withinBudget ? 'ok' : 'OVER',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log('p95 by the client (by the server, from Server-Timing, in brackets)');
  console.log(format(header));
  for (const row of rows) console.log(format(row));
}

function markdown(
  lines: ReturnType<typeof stageLine>[],
  knee: ReturnType<typeof stageLine> | undefined,
  lastGood: ReturnType<typeof stageLine> | undefined,
): string {
  const out = [
    '## Load test',
    '',
    '| agents | req/s | errors | ' + ENDPOINTS.join(' p95 | ') + ' p95 | cache hit rate |',
    '|' + '---|'.repeat(ENDPOINTS.length + 4),
  ];
  for (const l of lines)
    out.push(
      `| ${l.agents} | ${l.rps} | ${(l.errorRate * 100).toFixed(2)} % | ${ENDPOINTS.map((e) => `${l.p95[e]} ms`).join(' | ')} | ${l.cacheHitRate === null ? '–' : `${(l.cacheHitRate * 100).toFixed(1)} %`} |`,
    );
  out.push(
    '',
    knee
      ? `Knee: ${knee.agents} virtual agents (${knee.rps} req/s): ${knee.over.join('; ')}.`
      : 'No knee within the ramp: every stage stayed within budget.',
  );
  if (lastGood) out.push(`Last stage within budget: ${lastGood.agents} virtual agents (${lastGood.rps} req/s).`);
  return out.join('\n') + '\n';
}

async function main() {
  const { values } = parseArgs({
    options: {
      budgets: { type: 'string', default: 'perf-budgets.json' },
      ci: { type: 'boolean', default: false },
      rejudge: { type: 'boolean', default: false },
      ramp: { type: 'string' },
      'past-knee': { type: 'boolean', default: false },
      'stage-seconds': { type: 'string' },
      'think-ms': { type: 'string' },
    },
  });
  const budgets = JSON.parse(readFileSync(values.budgets!, 'utf8')) as Budgets;
  mkdirSync('reports', { recursive: true });

  if (values.rejudge) {
    const stage = JSON.parse(readFileSync(SAMPLES_FILE, 'utf8')) as StageSamples;
    process.exit(publish('loadtest', 'Load test', judge(stage, budgets)) ? 0 : 1);
  }

  const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
  const config = budgets.loadtest;
  const thinkMs = Number(values['think-ms'] ?? config.thinkMs);
  const ramp = values.ci ? [config.ci.agents] : (values.ramp?.split(',').map(Number) ?? config.ramp);
  const seconds = values.ci ? config.ci.seconds : Number(values['stage-seconds'] ?? config.stageSeconds);
  const accounts = Math.min(40, Math.max(...ramp));
  console.log(
    `Load test against ${base}: ${ramp.join(' → ')} virtual agents, ${seconds} s per stage after ${config.warmupSeconds} s warm-up, think time ${thinkMs} ms ±50 %.`,
  );
  const cookies: string[] = [];
  for (let i = 1; i <= accounts; i += 1) cookies.push(await signInOverHttp(base, `agent${i}@callpace.test`, `10.19.0.${i}`));
  const managerCookie = await signInOverHttp(base, 'manager1@callpace.test', '10.19.1.1');

  const lines: ReturnType<typeof stageLine>[] = [];
  const stages: StageSamples[] = [];
  let knee: ReturnType<typeof stageLine> | undefined;
  let breach: ReturnType<typeof stageLine> | undefined;
  for (const agents of ramp) {
    const stage = await runStage(base, cookies, managerCookie, agents, seconds, config.warmupSeconds, thinkMs);
    stages.push(stage);
    const line = stageLine(stage, budgets);
    lines.push(line);
    console.log(
      `  ${agents} agents: ${line.rps} req/s, ${(line.errorRate * 100).toFixed(2)} % errors, ${line.withinBudget ? 'within budget' : `over: ${line.over.join('; ')}`}`,
    );
    if (values.ci || knee) continue;
    if (line.withinBudget) {
      if (breach) console.log(`  (${breach.agents} agents was a one-off breach: the next stage was within budget)`);
      breach = undefined;
    } else if (breach) {
      knee = breach;
      if (!values['past-knee']) break;
    } else {
      breach = line;
    }
  }
  console.log('');
  printTable(lines, budgets);
  knee ??= breach; // over budget at the last stage of the ramp
  const lastGood = [...lines]
    .filter((l) => !knee || l.agents < knee.agents)
    .reverse()
    .find((l) => l.withinBudget);
  if (!values.ci) {
    console.log(
      knee
        ? `\nKnee: ${knee.agents} virtual agents (${knee.rps} req/s): ${knee.over.join('; ')}.`
        : '\nNo knee within the ramp: every stage stayed within budget.',
    );
    if (lastGood) console.log(`Last stage within budget: ${lastGood.agents} virtual agents (${lastGood.rps} req/s).`);
  }
  writeFileSync(
    'reports/loadtest-stages.json',
    JSON.stringify(
      {
        base,
        thinkMs,
        seconds,
        stages: lines,
        knee: knee ? { agents: knee.agents, rps: knee.rps } : null,
        lastGood: lastGood ? { agents: lastGood.agents, rps: lastGood.rps } : null,
      },
      null,
      2,
    ),
  );
  writeFileSync('reports/loadtest-stages.md', markdown(lines, knee, lastGood));
  // The gate judges the last stage (in CI, the only one); its latencies are kept so the gate can be judged again.
  const gated = stages.at(-1)!;
  writeFileSync(SAMPLES_FILE, JSON.stringify(gated));
  const ok = publish('loadtest', 'Load test', judge(gated, budgets));
  process.exit(values.ci ? (ok ? 0 : 1) : 0);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`loadtest: ${error.message}`);
    process.exit(1);
  });
}
