import Link from 'next/link';
import { RANGE_NAMES } from '@/lib/performance/performance-page';
import type { RangeName } from '@/lib/performance/server-performance';

/** The report's ranges as links, the current one marked. */
export function RangeNav({ range }: { range: RangeName }) {
  return (
    <nav aria-label="Range" className="mt-4 flex gap-2">
      {RANGE_NAMES.map((name) => (
        <Link
          key={name}
          href={`/reports/performance?range=${name}`}
          aria-current={name === range ? 'page' : undefined}
          prefetch={false}
          className={`flex min-h-11 items-center rounded-md border px-3 text-sm ${name === range ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 text-ink-700'}`}
        >
          Last {name}
        </Link>
      ))}
    </nav>
  );
}
