import { describe, expect, it } from 'vitest';
import { formatLine, passes, toMarkdown, type GateResult } from '@/lib/platform/budgets/gate-report';
import { rateVital } from '@/lib/platform/budgets';
import { scriptSources } from '@/scripts/check-bundle';
import { median, scaledBudget } from '@/scripts/check-lighthouse';

const line = (over: Partial<GateResult>): GateResult => ({
  gate: 'bundle',
  route: '/queue',
  metric: 'first-load JS',
  kind: 'max',
  budget: 190,
  figure: 174.4,
  unit: 'KB',
  ...over,
});

describe('budget judgement', () => {
  it.each([
    { r: line({}), pass: true },
    { r: line({ figure: 190 }), pass: true },
    { r: line({ figure: 190.1 }), pass: false },
    { r: line({ kind: 'min', budget: 90, figure: 89 }), pass: false },
    { r: line({ kind: 'min', budget: 90, figure: 96 }), pass: true },
  ])('judges $r.figure against $r.kind $r.budget', ({ r, pass }) => {
    expect(passes(r)).toBe(pass);
  });

  it('names the route, the metric, the figure and the budget', () => {
    expect(formatLine(line({ figure: 201.3 }))).toBe('FAIL bundle /queue first-load JS: 201.3 KB (budget ≤ 190 KB)');
    expect(toMarkdown('First-load JavaScript', [line({})])).toContain('| ✅ | /queue | first-load JS | 174.4 KB | ≤ 190 KB |');
  });
});

describe('rateVital', () => {
  it.each([
    ['LCP', 2500, 'good'],
    ['LCP', 2501, 'needs-improvement'],
    ['LCP', 4001, 'poor'],
    ['CLS', 0.05, 'good'],
    ['INP', 600, 'poor'],
  ] as const)('rates %s %s as %s', (metric, value, rating) => {
    expect(rateVital(metric, value)).toBe(rating);
  });
});

describe('scriptSources', () => {
  it('collects each static script once, ignoring inline and foreign scripts', () => {
    const html =
      '<script src="/_next/static/chunks/a.js" async=""></script><script>self.__next_f.push([1])</script>' +
      '<script src="/_next/static/chunks/b.js?dpl=x"></script><script src="/_next/static/chunks/a.js"></script><script src="https://cdn.example/x.js"></script>';
    expect(scriptSources(html)).toEqual(['/_next/static/chunks/a.js', '/_next/static/chunks/b.js']);
  });
});

describe('median', () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("scaledBudget (Lighthouse budgets for this run's machine)", () => {
  const budget = { performance: 0.85, 'largest-contentful-paint': 1500, 'total-blocking-time': 500, 'cumulative-layout-shift': 0.01 };
  const floor = { route: '/', referenceTbtMs: 140, referenceScore: 0.99, maxScale: 2.5 };

  it("keeps the file's budgets on a machine as fast as the reference, or faster", () => {
    expect(scaledBudget(budget, floor, { tbtMs: 120, score: 1 })).toEqual({ budget, scale: 1, scoreDrop: 0 });
    expect(scaledBudget(budget, undefined, { tbtMs: 400, score: 0.9 }).budget).toBe(budget);
  });

  it('stretches TBT and lowers the score by what the floor page lost on a slower machine', () => {
    const { budget: scaled, scale } = scaledBudget(budget, floor, { tbtMs: 280, score: 0.94 });
    expect(scale).toBe(2);
    expect(scaled).toEqual({ ...budget, 'total-blocking-time': 1000, performance: 0.8 });
  });

  it('stretches at most maxScale, however slow the machine', () => {
    const { budget: scaled, scale } = scaledBudget(budget, floor, { tbtMs: 2_000, score: 0.5 });
    expect(scale).toBe(2.5);
    expect(scaled['total-blocking-time']).toBe(1250);
    expect(scaled.performance).toBe(0.7);
    expect(scaled['largest-contentful-paint']).toBe(1500);
  });
});
