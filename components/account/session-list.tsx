'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';

export interface SessionRow {
  id: string;
  device: string;
  created: string;
  lastUsed: string;
  current: boolean;
}

/** One's own sessions, this device marked; end one, or every other one. Ending this device's signs out. */
export function SessionList({ sessions: initial }: { sessions: SessionRow[] }) {
  const router = useRouter();
  const [sessions, setSessions] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const others = sessions.filter((session) => !session.current).length;

  async function end(path: string, key: string): Promise<unknown> {
    setPending(key);
    setError(null);
    try {
      return await fetchJson<object>(path, { method: 'DELETE' });
    } catch (failure) {
      // Already gone is what was asked for.
      if (failure instanceof ApiRequestError && failure.status === 404) return {};
      setError(
        failure instanceof ApiRequestError
          ? (failure.serverMessage ?? 'That session could not be ended. Try again.')
          : 'Cannot reach Callpace. Check your connection and try again.',
      );
      return null;
    } finally {
      setPending(null);
    }
  }

  async function endOne(session: SessionRow) {
    const answer = await end(`/api/account/sessions/${session.id}`, session.id);
    if (!answer) return;
    if (session.current) {
      await import('@/lib/offline/browser/device-user').then(({ signedOutOnDevice }) => signedOutOnDevice()).catch(() => {});
      router.replace('/login');
      router.refresh();
      return;
    }
    setSessions((list) => list.filter((row) => row.id !== session.id));
  }

  async function endOthers() {
    if (await end('/api/account/sessions', 'others')) setSessions((list) => list.filter((row) => row.current));
  }

  return (
    <div className="mt-4">
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div>
              <p className="font-medium">
                {session.device}
                {session.current ? (
                  <span className="ml-2 rounded bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-900">This device</span>
                ) : null}
              </p>
              <p className="text-sm text-ink-700">
                Last used {session.lastUsed} · signed in {session.created}
              </p>
            </div>
            <button
              type="button"
              onClick={() => endOne(session)}
              disabled={pending !== null}
              className="min-h-11 rounded-md border border-slate-300 px-3 text-sm font-medium text-ink-900 hover:bg-slate-50 disabled:opacity-60"
            >
              {pending === session.id ? 'Ending…' : session.current ? 'Sign out here' : 'End session'}
            </button>
          </li>
        ))}
      </ul>
      <p role="alert" className="min-h-5 pt-2 text-sm text-red-700">
        {error}
      </p>
      {others > 0 ? (
        <button
          type="button"
          onClick={endOthers}
          disabled={pending !== null}
          className="min-h-11 rounded-md bg-brand-600 px-4 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending === 'others' ? 'Ending…' : `End all other sessions (${others})`}
        </button>
      ) : null}
    </div>
  );
}
