import { formatVital } from '@/lib/vitals/format';
import type { Offender } from '@/lib/vitals/vitals-report';

const TITLES = { LCP: 'LCP element', INP: 'INP target and phases', CLS: 'CLS shift source' } as const;
const PART_LABELS: Record<string, string> = {
  timeToFirstByte: 'TTFB',
  resourceLoadDelay: 'load delay',
  resourceLoadDuration: 'load',
  elementRenderDelay: 'render delay',
  inputDelay: 'input delay',
  processingDuration: 'processing',
  presentationDelay: 'presentation',
};

/** The elements most often behind one metric's slow samples, with the mean of each timing part. */
export function OffenderList({ metric, offenders }: { metric: keyof typeof TITLES; offenders: Offender[] }) {
  const title = TITLES[metric];
  return (
    <article className="rounded-lg border border-slate-200 p-4" aria-label={title}>
      <h3 className="text-sm font-medium text-ink-700">{title}</h3>
      {offenders.length === 0 ? (
        <p className="mt-2 text-sm text-ink-500">No attributed samples in this range.</p>
      ) : (
        <ol className="mt-2 space-y-3">
          {offenders.map((offender) => (
            <li key={offender.target} className="text-sm">
              <code className="block rounded bg-slate-50 px-1 text-xs break-all text-ink-900">{offender.target}</code>
              <span className="text-ink-700">
                {offender.slow} of {offender.count} slower than good · p75 {formatVital(metric, offender.p75)}
              </span>
              {Object.keys(offender.parts).length ? (
                <span className="block text-xs text-ink-500">
                  mean{' '}
                  {Object.entries(offender.parts)
                    .map(([part, ms]) => `${PART_LABELS[part] ?? part} ${Math.round(ms)} ms`)
                    .join(' · ')}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
