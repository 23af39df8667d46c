import { describe, expect, it } from 'vitest';
import { formatLine, passes, toMarkdown, type GateResult } from '@/lib/budgets/report';
import { rateVital } from '@/lib/budgets';
import { scriptSources } from '@/scripts/check-bundle';
import { median } from '@/scripts/check-lighthouse';

const line = (over: Partial<GateResult>): GateResult => ({ gate: 'bundle', route: '/queue', metric: 'first-load JS', kind: 'max', budget: 190, figure: 174.4, unit: 'KB', ...over });

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
    const html = '<script src="/_next/static/chunks/a.js" async=""></script><script>self.__next_f.push([1])</script>'
      + '<script src="/_next/static/chunks/b.js?dpl=x"></script><script src="/_next/static/chunks/a.js"></script><script src="https://cdn.example/x.js"></script>';
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
