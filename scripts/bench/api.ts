/**
 * `--only api`: the agent API on the large seed (100k leads, 1M calls), once
 * with the data cache off (every read from PostgreSQL) and once as served.
 * Reads go first, the writes last: call writes leave dead rows behind until
 * autovacuum, and the uncached phase runs before any of them.
 * Note: POST /api/calls adds real calls to the bench database on every run.
 */
import { randomUUID } from 'node:crypto';
import type { LeadItem } from '../../lib/leads/lead-item';
import { cycle, measure, type Endpoint, type Pace, type Row } from './measure';
import { AGENT, BASE, MANAGER, say, signIn, startServer, stopServer } from './shared';

type DataCache = 'on' | 'off';
type LeadSample = Pick<LeadItem, 'id' | 'firstName' | 'lastName' | 'company' | 'phone' | 'email'>;
interface Sample {
  cursors: string[];
  ids: string[];
  queries: string[];
  nextWriter: (() => { cookie: string; leadId: string }) | null;
}

/**
 * The agent's queue pages (as cursors), lead ids, and search terms drawn from
 * the leads: last names, companies, first name + start of last name, phone
 * digits, email local parts. Enough distinct terms that a run rarely repeats one.
 */
async function sampleLeads(cookie: string): Promise<Omit<Sample, 'nextWriter'>> {
  const leads: LeadSample[] = [];
  const cursors = [''];
  for (;;) {
    const cursor = cursors[cursors.length - 1];
    const response = await fetch(`${BASE}/api/leads?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { headers: { cookie } });
    const page = (await response.json()) as { items: LeadSample[]; nextCursor: string | null };
    leads.push(...page.items);
    if (!page.nextCursor) break;
    cursors.push(page.nextCursor);
  }
  const queries = new Set<string>();
  for (const lead of leads) {
    queries.add(lead.lastName);
    if (lead.company) queries.add(lead.company.split(' ')[0]);
    queries.add(`${lead.firstName} ${lead.lastName.slice(0, 3)}`);
    queries.add(lead.phone.slice(-6));
    if (lead.email) queries.add(lead.email.split('@')[0].slice(0, 6));
  }
  // A fixed shuffle, so runs are comparable.
  const terms = [...queries].filter((q) => q.length >= 2);
  let state = 42;
  for (let i = terms.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [terms[i], terms[j]] = [terms[j], terms[i]];
  }
  return { cursors, ids: leads.map((lead) => lead.id), queries: terms };
}

const WRITERS = 10;

/** Ten agents of the team, each with their own session and leads: writes as a floor makes them (no two on one agent's rows). */
async function writers(): Promise<() => { cookie: string; leadId: string }> {
  const agents = [];
  for (let i = 1; i <= WRITERS; i++) {
    const cookie = await signIn({ email: `agent${i}@callpace.test`, password: AGENT.password });
    const { ids } = await sampleLeads(cookie);
    if (ids.length) agents.push({ cookie, nextLead: cycle(ids) });
  }
  const nextAgent = cycle(agents);
  return () => {
    const agent = nextAgent();
    return { cookie: agent.cookie, leadId: agent.nextLead() };
  };
}

const queuePath = (cursor: string) => (cursor ? `/api/leads?cursor=${cursor}` : '/api/leads');

/** As the dashboard's "30 days" asks it: up to the current minute (so the range runs to now), cut at any minute. */
function callReportPath(): string {
  const to = Math.ceil(Date.now() / 60_000) * 60_000;
  return `/api/reports/calls?from=${new Date(to - 30 * 86_400_000).toISOString()}&to=${new Date(to).toISOString()}`;
}

/**
 * One set of endpoints for both phases; the search at 1 connection (≈ server time) only matters
 * uncached, and the writes (cache on only) go last, after every read.
 */
function endpoints(dataCache: DataCache, { cursors, ids, queries, nextWriter }: Sample): Endpoint[] {
  const nextPage = cycle(cursors);
  const nextLead = cycle(ids);
  const nextQuery = cycle(queries);
  const search = () => ({ path: `/api/leads?q=${encodeURIComponent(nextQuery())}` });
  return [
    { name: 'empty route handler', signedIn: false, next: () => ({ path: '/api/bench/empty' }) },
    { name: 'empty route handler with the instrumentation wrapper', signedIn: false, next: () => ({ path: '/api/bench/instrumented' }) },
    { name: 'GET /api/leads (every queue page)', next: () => ({ path: queuePath(nextPage()) }) },
    { name: 'GET /api/leads?q=', next: search },
    ...(dataCache === 'off' ? [{ name: 'GET /api/leads?q= at 1 connection (server time)', connections: 1, next: search }] : []),
    { name: 'GET /api/leads/[id]', next: () => ({ path: `/api/leads/${nextLead()}` }) },
    // The managers' call results over the large seed: a 30-day range of manager1's team, at 1 connection (≈ server time).
    {
      name: 'GET /api/reports/calls, 30 days, team (1 connection)',
      connections: 1,
      user: MANAGER,
      next: () => ({ path: callReportPath() }),
    },
    ...(dataCache === 'on'
      ? [
          {
            name: 'POST /api/calls, one agent',
            method: 'POST' as const,
            next: () => ({
              path: '/api/calls',
              body: JSON.stringify({ clientId: randomUUID(), leadId: nextLead(), outcome: 'no_answer', durationSec: 20 }),
            }),
          },
          {
            name: `POST /api/calls, ${WRITERS} agents`,
            method: 'POST' as const,
            next: () => {
              const { cookie, leadId } = nextWriter!();
              return {
                path: '/api/calls',
                cookie,
                body: JSON.stringify({ clientId: randomUUID(), leadId, outcome: 'no_answer', durationSec: 20 }),
              };
            },
          },
        ]
      : []),
  ];
}

async function runPhase(dataCache: DataCache, pace: Pace): Promise<Row[]> {
  const server = await startServer(dataCache);
  try {
    const sample = { ...(await sampleLeads(await signIn())), nextWriter: dataCache === 'on' ? await writers() : null };
    if (sample.ids.length === 0) throw new Error(`${AGENT.email} has no leads in the bench database`);
    say(
      `data cache ${dataCache}: ${sample.ids.length} leads, ${sample.cursors.length} queue pages, ${sample.queries.length} search terms from ${AGENT.email}`,
    );
    const rows: Row[] = [];
    for (const endpoint of endpoints(dataCache, sample)) {
      const cookie = endpoint.signedIn === false ? undefined : await signIn(endpoint.user);
      const load = { ...endpoint, connections: endpoint.connections ?? pace.connections, duration: pace.duration, cookie };
      await measure(endpoint.name, { ...load, duration: 2 }); // warm-up, discarded
      const row = await measure(endpoint.name, load);
      rows.push(row);
      say(`${row.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p95 ${row.p95} ms${row.errors ? `, ${row.errors} errors` : ''}`);
    }
    // Ratios against this phase's own empty handler: same server, same minute.
    for (const row of rows) row.ratio = row.rps / rows[0].rps;
    return rows;
  } finally {
    await stopServer(server);
  }
}

/** Both phases, uncached first. */
export async function runApi(pace: Pace): Promise<{ cached: Row[]; uncached: Row[] }> {
  const uncached = await runPhase('off', pace);
  const cached = await runPhase('on', pace);
  return { cached, uncached };
}
