import type { CallJson } from '@/lib/calls/call-json';
import { outcomeLabels, type CallOutcome } from '@/lib/calls/outcomes';

export function CallHistory({ calls, timezone }: { calls: CallJson[]; timezone: string }) {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section aria-labelledby="history">
      <h2 id="history" className="text-lg font-semibold">
        Call history
      </h2>
      {calls.length === 0 ? (
        <p className="mt-2 text-sm text-ink-500">No calls yet.</p>
      ) : (
        <ol className="mt-2 divide-y divide-slate-100">
          {calls.map((call) => (
            <li key={call.id} className="py-2 text-sm">
              <span className="font-medium">{outcomeLabels[call.outcome as CallOutcome] ?? call.outcome}</span>
              <span className="text-ink-500">
                {' '}
                · {format.format(new Date(call.startedAt))} · {Math.floor(call.durationSec / 60)}:
                {String(call.durationSec % 60).padStart(2, '0')}
              </span>
              {call.engagement !== null ? <span className="text-ink-500"> · engagement {call.engagement}</span> : null}
              {call.notes ? <p className="mt-0.5 text-ink-700">{call.notes}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
