'use client';

import { useState } from 'react';
import { callOutcomes, outcomeLabels, type CallOutcome } from '@/lib/calls/outcomes';
import type { TeamRules } from '@/lib/leads/calling-rules';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';

type RetryField = 'retryNoAnswerMin' | 'retryBusyMin' | 'retryVoicemailMin' | 'retryConnectedMin';
type Rules = Omit<TeamRules, 'managerId' | 'isDefault' | 'updatedAt' | 'updatedById'>;

const DAYS = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [7, 'Sun'],
] as const;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const RETRIES: readonly (readonly [RetryField, string])[] = [
  ['retryNoAnswerMin', 'No answer'],
  ['retryBusyMin', 'Busy'],
  ['retryVoicemailMin', 'Voicemail'],
  ['retryConnectedMin', 'Connected'],
];
const INPUT =
  'mt-1 block min-h-11 rounded-md border border-slate-300 px-3 text-base focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100';
const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** "= 4 h", "= 1 d 2 h", "= 45 min": what a number of minutes means, next to its input. */
function inHours(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) return '';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean);
  return `= ${parts.join(' ') || '0 min'}`;
}

const rulesOf = ({
  startHour,
  endHour,
  days,
  retryNoAnswerMin,
  retryBusyMin,
  retryVoicemailMin,
  retryConnectedMin,
  maxAttempts,
  closingOutcomes,
}: TeamRules): Rules => ({
  startHour,
  endHour,
  days,
  retryNoAnswerMin,
  retryBusyMin,
  retryVoicemailMin,
  retryConnectedMin,
  maxAttempts,
  closingOutcomes,
});

const failureText = (error: unknown) =>
  error instanceof ApiRequestError
    ? (error.serverMessage ?? `The server answered ${error.status}. Try again.`)
    : error instanceof TypeError
      ? 'Cannot reach Callpace. Check your connection and try again.'
      : (error as Error).message;

/** A team's calling rules: managers edit their own team's; admins pick the team first. */
export function CallingRulesForm({
  teams,
  initial,
  chooseTeam,
  limits,
}: {
  teams: { id: string; name: string }[];
  initial: TeamRules;
  chooseTeam: boolean;
  limits: { maxRetryMinutes: number; maxAttempts: number };
}) {
  const [managerId, setManagerId] = useState(initial.managerId ?? teams[0]?.id ?? '');
  const [rules, setRules] = useState<Rules>(rulesOf(initial));
  const [isDefault, setIsDefault] = useState(initial.isDefault);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  const set = <K extends keyof Rules>(key: K, value: Rules[K]) => {
    setMessage(null);
    setRules((current) => ({ ...current, [key]: value }));
  };
  const toggleDay = (day: number) =>
    set('days', rules.days.includes(day) ? rules.days.filter((d) => d !== day) : [...rules.days, day].sort((a, b) => a - b));
  const toggleOutcome = (outcome: CallOutcome) =>
    set(
      'closingOutcomes',
      rules.closingOutcomes.includes(outcome)
        ? rules.closingOutcomes.filter((o) => o !== outcome)
        : callOutcomes.filter((o) => o === outcome || rules.closingOutcomes.includes(o)),
    );

  async function pickTeam(id: string) {
    setManagerId(id);
    setMessage(null);
    setPending(true);
    try {
      const team = await fetchJson<TeamRules>(`/api/calling-rules?managerId=${encodeURIComponent(id)}`, {
        headers: { accept: 'application/json' },
      });
      setRules(rulesOf(team));
      setIsDefault(team.isDefault);
    } catch (error) {
      setMessage({ ok: false, text: failureText(error) });
    }
    setPending(false);
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      const saved = await fetchJson<TeamRules>('/api/calling-rules', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ managerId, ...rules }),
      });
      setRules(rulesOf(saved));
      setIsDefault(saved.isDefault);
      setMessage({ ok: true, text: 'Saved. The team’s queues follow the new rules from now on.' });
    } catch (error) {
      setMessage({ ok: false, text: failureText(error) });
    }
    setPending(false);
  }

  const number = (value: string) => (value === '' ? NaN : Number(value));

  return (
    <form onSubmit={onSubmit} aria-label="Calling rules" className="mt-6 space-y-8">
      {chooseTeam ? (
        <div>
          <label htmlFor="team" className="block text-sm font-medium">
            Team
          </label>
          <select
            id="team"
            value={managerId}
            onChange={(event) => void pickTeam(event.target.value)}
            disabled={pending}
            className={`${INPUT} w-full max-w-sm`}
          >
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}’s team
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {isDefault ? <p className="text-sm text-ink-700">This team uses the default rules; saving gives it rules of its own.</p> : null}

      <section aria-labelledby="window-heading">
        <h2 id="window-heading" className="text-lg font-semibold">
          Calling window
        </h2>
        <p className="mt-1 text-sm text-ink-700">In each lead’s own time zone. Leads outside the window stay at the bottom of the queue.</p>
        <div className="mt-3 flex flex-wrap gap-4">
          <div>
            <label htmlFor="startHour" className="block text-sm font-medium">
              From
            </label>
            <select
              id="startHour"
              value={rules.startHour}
              onChange={(event) => set('startHour', Number(event.target.value))}
              className={INPUT}
            >
              {Array.from({ length: 24 }, (_, hour) => (
                <option key={hour} value={hour}>
                  {hourLabel(hour)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="endHour" className="block text-sm font-medium">
              Until
            </label>
            <select id="endHour" value={rules.endHour} onChange={(event) => set('endHour', Number(event.target.value))} className={INPUT}>
              {Array.from({ length: 24 }, (_, i) => i + 1).map((hour) => (
                <option key={hour} value={hour}>
                  {hourLabel(hour)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="mt-4">
          <legend className="text-sm font-medium">Days</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-2">
            {DAYS.map(([day, label]) => (
              <label key={day} className="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" checked={rules.days.includes(day)} onChange={() => toggleDay(day)} className="size-5" />
                <abbr title={DAY_NAMES[day - 1]} className="no-underline">
                  {label}
                </abbr>
              </label>
            ))}
          </div>
        </fieldset>
      </section>

      <section aria-labelledby="retry-heading">
        <h2 id="retry-heading" className="text-lg font-semibold">
          Retry after
        </h2>
        <p className="mt-1 text-sm text-ink-700">
          Minutes before a lead comes back to the queue after each outcome (a callback comes back at its own time).
        </p>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          {RETRIES.map(([field, label]) => (
            <div key={field}>
              <label htmlFor={field} className="block text-sm font-medium">
                {label} (minutes)
              </label>
              <input
                id={field}
                type="number"
                inputMode="numeric"
                min={0}
                max={limits.maxRetryMinutes}
                step={1}
                required
                value={Number.isNaN(rules[field]) ? '' : rules[field]}
                onChange={(event) => set(field, number(event.target.value))}
                aria-describedby={`${field}-hint`}
                className={`${INPUT} w-40`}
              />
              <p id={`${field}-hint`} className="mt-1 text-sm text-ink-700">
                {inHours(rules[field])}
              </p>
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="attempts-heading">
        <h2 id="attempts-heading" className="text-lg font-semibold">
          Attempts and closing outcomes
        </h2>
        <div className="mt-3">
          <label htmlFor="maxAttempts" className="block text-sm font-medium">
            Maximum attempts
          </label>
          <input
            id="maxAttempts"
            type="number"
            inputMode="numeric"
            min={1}
            max={limits.maxAttempts}
            step={1}
            required
            value={Number.isNaN(rules.maxAttempts) ? '' : rules.maxAttempts}
            onChange={(event) => set('maxAttempts', number(event.target.value))}
            aria-describedby="maxAttempts-hint"
            className={`${INPUT} w-40`}
          />
          <p id="maxAttempts-hint" className="mt-1 text-sm text-ink-700">
            After this many calls without a closing outcome, a lead leaves the queue as “attempts used up” until a manager recycles it.
          </p>
        </div>
        <fieldset className="mt-4">
          <legend className="text-sm font-medium">Outcomes that close a lead</legend>
          <div className="mt-1 grid gap-x-4 sm:grid-cols-3">
            {callOutcomes.map((outcome) => (
              <label key={outcome} className="flex min-h-11 items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={outcome === 'do_not_call' || rules.closingOutcomes.includes(outcome)}
                  disabled={outcome === 'do_not_call'}
                  onChange={() => toggleOutcome(outcome)}
                  className="size-5"
                />
                {outcomeLabels[outcome]}
                {outcome === 'do_not_call' ? ' (always)' : ''}
              </label>
            ))}
          </div>
        </fieldset>
      </section>

      <p role="status" className={`min-h-5 text-sm ${message?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {message?.text}
      </p>
      <button
        type="submit"
        disabled={pending || !managerId}
        className="min-h-11 rounded-md bg-brand-600 px-4 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? 'Saving…' : 'Save rules'}
      </button>
    </form>
  );
}
