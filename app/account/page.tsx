import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { PasswordChangeForm } from '@/components/account/password-change-form';
import { SessionList } from '@/components/account/session-list';
import { AppHeader } from '@/components/ui/app-header';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer, sessionToken } from '@/lib/platform/auth/viewer';
import { listOwnSessions } from '@/lib/users/account';

export const metadata: Metadata = { title: 'Your account' };

/** Every role's page, so in neither route group: an agent gets the agent header, a manager the manager header and pages. */
export default async function AccountPage() {
  const viewer = await requireViewer(undefined, '/account');
  const sessions = await listOwnSessions(viewer.id, sessionToken(await headers()));
  const format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: viewer.timezone });
  const manager = viewer.role !== 'AGENT';
  return (
    <>
      <AppHeader name={viewer.name} home={manager ? '/dashboard' : '/queue'} />
      <main className="mx-auto max-w-3xl px-4 py-6">
        {manager ? <ManagerNav current="/account" /> : null}
        <h1 className="mt-3 text-2xl font-semibold tracking-tight">Your account</h1>
        <p className="mt-1 text-sm text-ink-700">
          {viewer.name} · {viewer.email}
        </p>
        <section aria-labelledby="password-heading" className="mt-8">
          <h2 id="password-heading" className="text-lg font-semibold">
            Change your password
          </h2>
          <p className="mt-1 text-sm text-ink-700">
            Every other device signed in to your account will be signed out; this one stays signed in.
          </p>
          <PasswordChangeForm email={viewer.email} />
        </section>
        <section aria-labelledby="sessions-heading" className="mt-10">
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Where you are signed in
          </h2>
          <SessionList
            sessions={sessions.map((session) => ({
              id: session.id,
              device: session.device,
              current: session.current,
              created: format.format(new Date(session.createdAt)),
              lastUsed: format.format(new Date(session.lastUsedAt)),
            }))}
          />
        </section>
      </main>
    </>
  );
}
