import { evaluateAlertsNow, updateAlertRule } from '@/lib/alerts/actions';
import { formatMetric } from '@/lib/performance/format';
import type { PerformancePage } from '@/lib/performance/performance-page';
import type { RangeName } from '@/lib/performance/server-performance';

const STATE_STYLE: Record<string, string> = {
  OK: 'bg-emerald-50 text-emerald-800',
  WARNING: 'bg-amber-50 text-amber-800',
  CRITICAL: 'bg-red-50 text-red-800',
  RESOLVED: 'bg-slate-100 text-ink-700',
};

/** What the last alert action said, from the address it redirected to. */
export interface AlertNotice {
  evaluated?: string;
  error?: string;
  saved?: string;
  /** The rule to show open. */
  rule?: string;
}

/** The alerts that are firing now, above everything else. */
export function FiringAlerts({ firing }: { firing: PerformancePage['firing'] }) {
  if (!firing.length) return null;
  return (
    <p role="alert" className="mt-5 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {firing.length === 1 ? '1 alert is firing' : `${firing.length} alerts are firing`}:{' '}
      {firing.map((rule) => `${rule.name} (${rule.state.toLowerCase()})`).join(', ')}.
    </p>
  );
}

/** The alert rules (editable by an admin), "Evaluate now", and each rule's history of state changes. */
export function AlertRules({
  alerts,
  range,
  notice,
  canEdit,
}: {
  alerts: PerformancePage['alerts'];
  range: RangeName;
  notice: AlertNotice;
  canEdit: boolean;
}) {
  return (
    <section id="alerts" aria-labelledby="alerts-title" className="mt-8">
      <h2 id="alerts-title" className="text-lg font-semibold">
        Alerts
      </h2>
      <p className="text-sm text-ink-500">
        Evaluated every minute over each rule&rsquo;s window. A rule fires after the set number of breaching windows in a row, and resolves
        on the first window within bounds. A window with fewer samples than the minimum changes nothing.
      </p>
      <form action={evaluateAlertsNow} className="mt-3 flex flex-wrap items-center gap-3">
        <input type="hidden" name="range" value={range} />
        <button
          type="submit"
          className="min-h-11 rounded-md border border-slate-300 px-3 text-sm font-medium text-ink-900 hover:bg-slate-50"
        >
          Evaluate now
        </button>
        {notice.evaluated !== undefined ? (
          <span role="status" className="text-sm text-ink-700">
            Evaluated: {notice.evaluated === '0' ? 'no alert changed state' : `${notice.evaluated} changed state`}.
          </span>
        ) : null}
      </form>
      {notice.error ? (
        <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          Not saved: {notice.error}.
        </p>
      ) : null}
      {notice.saved ? (
        <p role="status" className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800">
          Saved.
        </p>
      ) : null}
      <ul className="mt-3 space-y-3">
        {alerts.rules.map((rule) => (
          <li key={rule.id} className="rounded-lg border border-slate-200 p-3">
            <details open={notice.rule === rule.id}>
              <summary className="flex min-h-11 cursor-pointer flex-wrap items-center gap-3">
                <span className="font-medium">{rule.name}</span>
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[rule.state]}`}>{rule.state.toLowerCase()}</span>
                <span className="text-sm text-ink-500">
                  warning ≥ {formatMetric(rule.metric, rule.warning)}, critical ≥ {formatMetric(rule.metric, rule.critical)} ·{' '}
                  {rule.consecutiveBreaches} × {rule.windowMinutes} min{rule.enabled ? '' : ' · disabled'}
                </span>
              </summary>
              {!canEdit ? (
                <p className="mt-3 text-sm text-ink-500">
                  Webhook: {rule.webhookUrl ? 'set' : 'none'}. Only an admin can change alert rules.
                </p>
              ) : (
                <form action={updateAlertRule} className="mt-3 grid grid-cols-2 items-end gap-3 sm:grid-cols-4 lg:grid-cols-8">
                  <input type="hidden" name="id" value={rule.id} />
                  <input type="hidden" name="range" value={range} />
                  {(
                    [
                      ['warning', 'Warning', rule.warning],
                      ['critical', 'Critical', rule.critical],
                      ['minSamples', 'Min. samples', rule.minSamples],
                      ['consecutiveBreaches', 'Breaches in a row', rule.consecutiveBreaches],
                      ['windowMinutes', 'Window (min)', rule.windowMinutes],
                    ] as const
                  ).map(([name, label, value]) => (
                    <label key={name} className="text-xs text-ink-700">
                      {label}
                      <input
                        name={name}
                        type="number"
                        step="any"
                        min="0"
                        required
                        defaultValue={value}
                        className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2 text-sm"
                      />
                    </label>
                  ))}
                  <label className="col-span-2 text-xs text-ink-700">
                    Webhook URL (optional)
                    <input
                      name="webhookUrl"
                      type="url"
                      defaultValue={rule.webhookUrl ?? ''}
                      className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2 text-sm"
                    />
                  </label>
                  <label className="flex min-h-11 items-center gap-2 text-sm">
                    <input name="enabled" type="checkbox" defaultChecked={rule.enabled} /> Enabled
                  </label>
                  <button type="submit" className="min-h-11 rounded-md bg-brand-600 px-3 text-sm font-medium text-white">
                    Save {rule.name}
                  </button>
                </form>
              )}
            </details>
          </li>
        ))}
      </ul>
      <h3 className="mt-6 font-medium">History</h3>
      {alerts.events.length === 0 ? (
        <p className="mt-2 text-sm text-ink-500">No alert has changed state yet.</p>
      ) : (
        <ol className="mt-2 space-y-1 text-sm" aria-label="Alert history">
          {alerts.events.map((event) => (
            <li key={String(event.id)} className="flex flex-wrap gap-x-2">
              <time dateTime={event.at.toISOString()} className="text-ink-500 tabular-nums">
                {event.at.toISOString().slice(0, 16).replace('T', ' ')} UTC
              </time>
              <span className="font-medium">{event.rule.name}</span>
              <span>
                {event.fromState.toLowerCase()} → {event.toState.toLowerCase()}
              </span>
              <span className="text-ink-500">{event.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
