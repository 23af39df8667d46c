import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postVitals } from '@/app/api/vitals/route';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { beaconsPerMinute } from '@/lib/vitals/ingest';
import { persistVitals, vitalsWriter } from '@/lib/vitals/writer';
import { invoke } from '../support/http';

let sql: SqlRunner;
// This run's own release and client addresses, so reruns against the same Redis never share a window.
const release = `test-${randomUUID().slice(0, 8)}`;
const run = Math.floor(Math.random() * 200) + 20;
let addressCounter = 0;
const address = () => `10.${run}.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  // A release this deployment has served before: it is in the field histograms (lib/vitals/releases).
  await sql.query(
    "INSERT INTO vital_histograms_daily (day, metric, route, device, release, bucket, count, sum) VALUES (current_date, 'LCP', '/queue', 'mobile', $1, 1, 1, 1)",
    [release],
  );
});
afterAll(() => sql.close());

const sample = (overrides: Record<string, unknown> = {}) => ({
  id: `v4-${randomUUID()}`,
  metric: 'LCP',
  value: 1234.5,
  rating: 'good',
  ...overrides,
});
const beacon = (overrides: Record<string, unknown> = {}) => ({
  route: '/queue',
  device: 'mobile',
  connection: '4g',
  release,
  navigationType: 'navigate',
  samples: [sample()],
  ...overrides,
});

const send = (body: unknown, headers: Record<string, string> = {}) =>
  invoke(postVitals, '/api/vitals', { method: 'POST', body, headers: { 'x-callpace-client-address': address(), ...headers } });

async function stored(sampleId: string) {
  await vitalsWriter().flush();
  const [row] = await sql.query<{
    route: string;
    metric: string;
    value: number;
    attribution: Record<string, unknown> | null;
    replayed: boolean;
    at: Date;
  }>('SELECT route, metric, value, attribution, replayed, at FROM vital_samples WHERE sample_id = $1', [sampleId]);
  return row;
}

describe('POST /api/vitals', () => {
  it('answers 204 and stores the samples with their histograms (application/json)', async () => {
    const s = sample({ metric: 'INP', value: 180 });
    const result = await send(beacon({ samples: [s] }));
    expect(result.status).toBe(204);
    expect(await stored(s.id)).toMatchObject({ route: '/queue', metric: 'INP', value: 180, replayed: false });
    const [histogram] = await sql.query<{ n: string }>(
      "SELECT sum(count)::text AS n FROM vital_histograms WHERE release = $1 AND metric = 'INP'",
      [release],
    );
    expect(Number(histogram.n)).toBeGreaterThanOrEqual(1);
  });

  it('accepts text/plain bodies, as navigator.sendBeacon sends them', async () => {
    const s = sample({ metric: 'CLS', value: 0.02 });
    const result = await send(JSON.stringify(beacon({ samples: [s] })), { 'content-type': 'text/plain;charset=UTF-8' });
    expect(result.status).toBe(204);
    expect(await stored(s.id)).toMatchObject({ metric: 'CLS', value: 0.02 });
  });

  it('keeps the original time of a replayed beacon and marks it', async () => {
    const at = Date.now() - 3 * 3_600_000;
    const s = sample({ metric: 'time-to-next-lead', value: 240, at });
    expect((await send(beacon({ samples: [s], replayed: true }))).status).toBe(204);
    const row = await stored(s.id);
    expect(row.replayed).toBe(true);
    expect(new Date(row.at).getTime()).toBe(at);
  });

  it.each([
    ['an unknown metric', beacon({ samples: [sample({ metric: 'FID' })] }), 'samples.0.metric'],
    ['a value that is not a number', beacon({ samples: [sample({ value: 'NaN' })] }), 'samples.0.value'],
    ['a negative value', beacon({ samples: [sample({ value: -5 })] }), 'samples.0.value'],
    ['an absurd value', beacon({ samples: [sample({ value: 9_000_000 })] }), 'samples.0.value'],
    ['a URL with a query string instead of a route', beacon({ route: '/queue?q=jane' }), 'route'],
    ['a URL with a lead id instead of a route', beacon({ route: '/leads/3f1c2b7e-1a2b-4c3d-8e9f-0123456789ab' }), 'route'],
    ['a sample time in the future', beacon({ samples: [sample({ at: Date.now() + 3_600_000 })] }), 'samples.0.at'],
    ['no samples', beacon({ samples: [] }), 'samples'],
    ['an unknown device', beacon({ device: 'fridge' }), 'device'],
    ['a release this deployment never served', beacon({ release: 'made-up-1' }), 'release'],
  ])('refuses %s with 422 naming the field', async (_, body, path) => {
    const result = await send(body);
    expect(result.status).toBe(422);
    expect(result.json.error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it.each([
    ['malformed JSON', '{"route": "/queue", ', { 'content-type': 'application/json' }, 400],
    ['an HTML body', '<p>hi</p>', { 'content-type': 'text/html' }, 415],
    [
      'a body over 16 KB',
      JSON.stringify(beacon({ samples: [sample({ id: 'x'.repeat(90) })], pad: 'y'.repeat(17 * 1024) })),
      { 'content-type': 'application/json' },
      413,
    ],
  ])('refuses %s', async (_, body, headers, status) => {
    expect((await send(body, headers)).status).toBe(status);
  });

  it('reduces attribution to selectors and timings: text, attribute values, queries and unknown fields never get stored', async () => {
    const s = sample({
      metric: 'LCP',
      attribution: {
        element: 'html>body>main>section>h1#lead-name', // kept
        url: 'https://cdn.example.com/photos/jane.jpg?token=secret&email=jane@example.com', // path only
        timeToFirstByte: 120.5,
        resourceLoadDelay: 10,
        elementRenderDelay: 30.25, // kept
        lcpEntry: { text: 'Jane Doe' }, // unknown: dropped
        navigationEntry: 'anything', // unknown: dropped
      },
    });
    const inp = sample({
      metric: 'INP',
      value: 150,
      attribution: {
        interactionTarget: 'a[href="tel:+14155550123"].call',
        interactionType: 'pointer',
        inputDelay: 5,
        processingDuration: 60,
        presentationDelay: 20,
        loadState: 'complete',
      },
    });
    const cls = sample({ metric: 'CLS', value: 0.05, attribution: { largestShiftTarget: 'Jane Doe', largestShiftValue: 0.05 } });
    expect((await send(beacon({ samples: [s, inp, cls] }))).status).toBe(204);

    expect((await stored(s.id)).attribution).toEqual({
      element: 'html>body>main>section>h1#lead-name',
      url: 'https://cdn.example.com/photos/jane.jpg',
      timeToFirstByte: 120.5,
      resourceLoadDelay: 10,
      elementRenderDelay: 30.25,
    });
    expect((await stored(inp.id)).attribution).toEqual({
      interactionTarget: 'a.call',
      interactionType: 'pointer',
      inputDelay: 5,
      processingDuration: 60,
      presentationDelay: 20,
      loadState: 'complete',
    });
    expect((await stored(cls.id)).attribution).toEqual({ largestShiftValue: 0.05 });
  });

  it(`limits beacons per client address (${beaconsPerMinute()} a minute) with 429 and Retry-After; other addresses go on`, async () => {
    const busy = `10.${run}.250.1`;
    const results = [];
    for (let i = 0; i <= beaconsPerMinute(); i++) results.push(await send(beacon(), { 'x-callpace-client-address': busy }));
    expect(results.slice(0, beaconsPerMinute()).every((r) => r.status === 204)).toBe(true);
    const refused = results[beaconsPerMinute()];
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await send(beacon())).status).toBe(204);
  });
});

describe('vital histograms', () => {
  it('merge what two instances write into the same hour and bucket by adding counts and sums', async () => {
    const at = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 86_400_000);
    const row = (value: number) => ({
      sampleId: randomUUID(),
      metric: 'FCP',
      value,
      rating: null,
      route: '/merge-test',
      device: 'desktop',
      connection: null,
      release,
      navigationType: null,
      attribution: null,
      replayed: false,
      at,
    });
    await Promise.all([persistVitals([row(1000), row(1001)]), persistVitals([row(1000.5)])]); // two instances, same bucket
    const rows = await sql.query<{ count: string; sum: number }>(
      "SELECT count::text, sum FROM vital_histograms WHERE route = '/merge-test' AND release = $1",
      [release],
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].count)).toBe(3);
    expect(rows[0].sum).toBeCloseTo(3001.5, 6);
  });
});
