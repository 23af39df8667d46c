'use client';

import { useRouter } from 'next/navigation';

export function SignOutButton() {
  const router = useRouter();
  async function signOut() {
    await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => {});
    // A shared phone keeps no one's pages or leads after sign-out (the outbox stays: each call is sent
    // when the person who logged it signs in again, lib/offline/browser/device-user).
    navigator.serviceWorker?.controller?.postMessage({ type: 'SIGNED_OUT' });
    await import('@/lib/offline/browser/device-user').then(({ signedOutOnDevice }) => signedOutOnDevice()).catch(() => {});
    router.replace('/login');
    router.refresh();
  }
  return (
    <button
      type="button"
      onClick={signOut}
      className="min-h-11 shrink-0 rounded-md px-3 text-sm font-medium whitespace-nowrap text-brand-700 hover:bg-brand-50"
    >
      Sign out
    </button>
  );
}
