'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { landingPath, safeNextPath } from '@/lib/platform/auth/safe-next';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';

export function SignInForm({ next }: { next?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const { user } = await fetchJson<{ user: { id: string; role: string } }>('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
      });
      // A different person than the last one on this phone: the last one's saved pages and leads go.
      await import('@/lib/offline/browser/device-user').then(({ signedInOnDevice }) => signedInOnDevice(user.id)).catch(() => {});
      router.replace(safeNextPath(next) ?? landingPath(user.role));
      router.refresh();
      return;
    } catch (error) {
      setError(
        !(error instanceof ApiRequestError)
          ? 'Cannot reach Callpace. Check your connection and try again.'
          : error.status === 401
            ? 'That email and password do not match. Check them and try again.'
            : (error.serverMessage ?? 'Sign-in failed. Try again.'),
      );
    }
    setPending(false);
  }

  return (
    <form method="post" onSubmit={onSubmit} className="mt-6 space-y-4" noValidate={false}>
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
          className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3 text-base focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-3 text-base focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none"
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
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
