import type { Metadata } from 'next';
import { LinkPage, LinkProblem } from '@/components/auth/link-page';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { hasActiveAdmin } from '@/lib/users/first-admin';
import { inspectToken } from '@/lib/users/tokens';

// The token is in the address: never send it on to another site.
export const metadata: Metadata = { title: 'Set up Callpace', referrer: 'no-referrer', robots: { index: false } };

const RESTART = 'Restart Callpace (npm start) to print a new one, or ask whoever runs it.';

export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  if (await hasActiveAdmin())
    return <LinkProblem title="Callpace is already set up" message="It has an admin. Sign in, or ask your admin for an invitation." />;
  const link = await inspectToken(token, ['SETUP']);
  if (link.state === 'unknown')
    return <LinkProblem title="This setup link is not valid" message={`Copy the whole link that npm start printed. ${RESTART}`} />;
  if (link.state !== 'valid')
    return <LinkProblem title={`This setup link ${link.state === 'used' ? 'was already used' : 'has expired'}`} message={RESTART} />;
  return (
    <LinkPage title="Set up Callpace" intro="You are the first admin. You can invite your managers and agents once you are in.">
      <SetPasswordForm
        endpoint="/api/setup"
        token={typeof token === 'string' ? token : ''}
        askIdentity
        submitLabel="Create admin and sign in"
      />
    </LinkPage>
  );
}
