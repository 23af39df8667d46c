'use client';

import { useState } from 'react';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';

const INPUT =
  'mt-1 block min-h-11 w-full max-w-sm rounded-md border border-slate-300 px-3 text-base focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100';

/** Changing one's own password: the current one, then the new one twice. */
export function PasswordChangeForm({ email }: { email: string }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get('newPassword') ?? '');
    if (newPassword !== form.get('confirm'))
      return setMessage({ ok: false, text: 'The two new passwords are not the same. Type them again.' });
    setPending(true);
    setMessage(null);
    try {
      const answer = await fetchJson<{ endedSessions?: number }>('/api/account/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: form.get('currentPassword'), newPassword }),
      });
      formElement.reset();
      const ended = answer.endedSessions ?? 0;
      setMessage({
        ok: true,
        text: `Password changed.${ended ? ` ${ended} other ${ended === 1 ? 'session was' : 'sessions were'} signed out.` : ''}`,
      });
    } catch (error) {
      setMessage({
        ok: false,
        text:
          error instanceof ApiRequestError
            ? (error.serverMessage ?? 'The password was not changed. Try again.')
            : 'Cannot reach Callpace. Check your connection and try again.',
      });
    }
    setPending(false);
  }

  return (
    <form method="post" onSubmit={onSubmit} className="mt-4 space-y-4">
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <div>
        <label htmlFor="currentPassword" className="block text-sm font-medium">
          Current password
        </label>
        <input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
          className={INPUT}
        />
      </div>
      <div>
        <label htmlFor="newPassword" className="block text-sm font-medium">
          New password
        </label>
        <input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          maxLength={128}
          aria-describedby="new-password-rule"
          className={INPUT}
        />
        <p id="new-password-rule" className="mt-1 text-sm text-ink-700">
          At least 12 characters, and not your email address.
        </p>
      </div>
      <div>
        <label htmlFor="confirm" className="block text-sm font-medium">
          New password again
        </label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          maxLength={128}
          className={INPUT}
        />
      </div>
      <p role="status" className={`min-h-5 text-sm ${message?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {message?.text}
      </p>
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 rounded-md bg-brand-600 px-4 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
