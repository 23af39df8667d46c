'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { safeNextPath } from '@/lib/platform/auth/safe-next';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';

const INPUT =
  'mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3 text-base focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100';

/**
 * Setting a password from a one-time link (first-admin setup, invitation, reset). With `askIdentity` it also
 * asks for a name and an email (setup: the admin does not exist yet). On success the answer carries the
 * session cookies and where to go.
 */
export function SetPasswordForm({
  endpoint,
  token,
  email,
  askIdentity = false,
  submitLabel,
}: {
  endpoint: string;
  token: string;
  email?: string;
  askIdentity?: boolean;
  submitLabel: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== form.get('confirm')) return setError('The two passwords are not the same. Type them again.');
    setPending(true);
    setError(null);
    try {
      const body = askIdentity ? { token, name: form.get('name'), email: form.get('email'), password } : { token, password };
      const answer = await fetchJson<{ redirect?: string; user?: { id: string } }>(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (answer.user)
        await import('@/lib/offline/browser/device-user').then(({ signedInOnDevice }) => signedInOnDevice(answer.user!.id)).catch(() => {});
      router.replace(safeNextPath(answer.redirect) ?? '/login');
      router.refresh();
      return;
    } catch (error) {
      setError(
        error instanceof ApiRequestError
          ? (error.serverMessage ?? 'That did not work. Try again.')
          : 'Cannot reach Callpace. Check your connection and try again.',
      );
    }
    setPending(false);
  }

  return (
    <form method="post" onSubmit={onSubmit} className="mt-6 space-y-4">
      {askIdentity ? (
        <>
          <div>
            <label htmlFor="name" className="block text-sm font-medium">
              Your name
            </label>
            <input id="name" name="name" type="text" autoComplete="name" required maxLength={100} className={INPUT} />
          </div>
          <div>
            <label htmlFor="email" className="block text-sm font-medium">
              Email
            </label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              inputMode="email"
              maxLength={254}
              className={INPUT}
            />
          </div>
        </>
      ) : (
        // For password managers: the account the new password belongs to.
        <input type="email" name="username" autoComplete="username" value={email ?? ''} readOnly hidden />
      )}
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          New password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          maxLength={128}
          aria-describedby="password-rule"
          className={INPUT}
        />
        <p id="password-rule" className="mt-1 text-sm text-ink-700">
          At least 12 characters, and not your email address.
        </p>
      </div>
      <div>
        <label htmlFor="confirm" className="block text-sm font-medium">
          Type it again
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
      <p role="alert" className="min-h-5 text-sm text-red-700">
        {error}
      </p>
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 w-full rounded-md bg-brand-600 px-4 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? 'Saving…' : submitLabel}
      </button>
    </form>
  );
}
