import { perfBudgets, rateVital } from '@/lib/platform/budgets';
import { formatShare, formatVital } from '@/lib/vitals/format';
import type { MetricFigures } from '@/lib/vitals/vitals-report';
import { RATING_LABEL, RATING_TEXT } from './rating';

/** One metric over the whole range: p75 in its rating's colour, the good / needs-improvement / poor shares, p50 and p95. */
export function MetricCard({ figures, budget = false }: { figures: MetricFigures; budget?: boolean }) {
  const { metric } = figures;
  const { good, poor } = perfBudgets.vitals[metric];
  const rating = figures.p75 === null ? null : rateVital(metric, figures.p75);
  return (
    <article className="rounded-lg border border-slate-200 p-4" aria-label={`${metric} field figures`}>
      <h3 className="text-sm font-medium text-ink-700">{metric}</h3>
      {figures.enoughData ? (
        <>
          <p className={`mt-1 text-2xl font-semibold tabular-nums ${rating ? RATING_TEXT[rating] : ''}`}>
            {formatVital(metric, figures.p75)}
            <span className="sr-only"> at p75, {rating ? RATING_LABEL[rating] : ''}</span>
          </p>
          <ShareBar figures={figures} />
        </>
      ) : (
        <p className="mt-1 text-lg font-medium text-ink-500">Not enough data</p>
      )}
      <p className="mt-2 text-xs text-ink-500">
        {figures.count.toLocaleString('en')} samples
        {figures.enoughData
          ? ` · p50 ${formatVital(metric, figures.p50)} · p95 ${formatVital(metric, figures.p95)}`
          : ` (${perfBudgets.field.minSamples} needed)`}
      </p>
      <p className="text-xs text-ink-500">
        {budget ? 'Budget' : 'Good'} ≤ {formatVital(metric, good)} · poor &gt; {formatVital(metric, poor)}
      </p>
    </article>
  );
}

function ShareBar({ figures }: { figures: MetricFigures }) {
  const parts = [
    { label: 'Good', share: figures.good ?? 0, className: 'bg-emerald-500' },
    { label: 'Needs improvement', share: figures.needsImprovement ?? 0, className: 'bg-amber-400' },
    { label: 'Poor', share: figures.poor ?? 0, className: 'bg-red-500' },
  ];
  return (
    <>
      <div className="mt-2 flex h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
        {parts.map((part) => (
          <div key={part.label} className={part.className} style={{ width: `${part.share * 100}%` }} />
        ))}
      </div>
      <p className="mt-1 text-xs text-ink-700">{parts.map((part) => `${part.label} ${formatShare(part.share)}`).join(' · ')}</p>
    </>
  );
}
