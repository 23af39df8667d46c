import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { passes } from '@/lib/platform/budgets/gate-report';
import { judge, p95Budget, type StageSamples } from '@/scripts/loadtest';
import { GATES } from '@/scripts/perf';

const budgets = JSON.parse(readFileSync('perf-budgets.json', 'utf8'));
const ms = (n: number, value: number) => Array.from({ length: n }, () => value);

function stage(over: Partial<StageSamples> = {}): StageSamples {
  return {
    agents: 5,
    seconds: 45,
    latencies: { 'GET /api/leads': [...ms(95, 10), ...ms(5, 400)], 'POST /api/calls': [...ms(99, 20), 300] },
    serverMs: {},
    errors: {},
    statuses: {},
    cache: {},
    ...over,
  };
}

describe('load test judgement', () => {
  it('reads each endpoint’s threshold from the budget file: the load test’s own, else the API budget', () => {
    expect(p95Budget(budgets, 'POST /api/calls')).toBe(budgets.loadtest.p95['POST /api/calls']);
    const withoutOwn = { ...budgets, loadtest: { ...budgets.loadtest, p95: {} } };
    expect(p95Budget(withoutOwn, 'POST /api/calls')).toBe(budgets.api.routes['POST /api/calls'].p95);
    expect(p95Budget(withoutOwn, 'POST /api/leads/[id]/reservation')).toBe(budgets.api.defaults.p95);
  });

  it('passes a stage within budget and names the endpoint, the metric, the budget and the figure', () => {
    const results = judge(stage(), budgets);
    expect(results.every(passes)).toBe(true);
    expect(results.find((r) => r.route === 'GET /api/leads')).toMatchObject({
      metric: 'p95',
      figure: 10,
      budget: budgets.loadtest.p95['GET /api/leads'],
      unit: 'ms',
    });
  });

  it('fails a stage whose p95 breaks the budget', () => {
    const slow = stage({ latencies: { 'GET /api/leads': [...ms(90, 10), ...ms(10, 400)] } });
    const failed = judge(slow, budgets).filter((r) => !passes(r));
    expect(failed.map((r) => `${r.route} ${r.metric} ${r.figure}`)).toEqual(['GET /api/leads p95 400']);
  });

  it('fails a stage with more than 0.1 % errors', () => {
    const failing = judge(stage({ errors: { 'POST /api/calls': 1 } }), budgets).find((r) => r.metric === 'error rate')!;
    expect(failing.figure).toBe(0.5); // 1 of 200 requests
    expect(passes(failing)).toBe(false);
  });

  it('fails every line once the gate tightens the budgets below the figures measured', () => {
    const results = judge(stage(), budgets);
    const tight = GATES.find((g) => g.name === 'loadtest')!.tighten(structuredClone(budgets), results);
    const rejudged = judge(stage(), tight).filter((r) => r.metric === 'p95');
    expect(rejudged.length).toBe(2);
    expect(rejudged.every((r) => !passes(r))).toBe(true);
  });
});
