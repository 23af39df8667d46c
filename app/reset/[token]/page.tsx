import type { Metadata } from 'next';
import { LinkPage, LinkProblem } from '@/components/auth/link-page';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { DEACTIVATED, viewLink } from '@/lib/users/accept';

// The token is in the address: never send it on to another site.
export const metadata: Metadata = { title: 'Reset your password', referrer: 'no-referrer', robots: { index: false } };

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await viewLink(token, ['RESET']);
  if (link.state === 'unknown')
    return (
      <LinkProblem
        title="This reset link is not valid"
        message="Check that you opened the whole link you were sent, or ask your admin for a new one."
      />
    );
  if (link.state === 'deactivated') return <LinkProblem title="This account is not active" message={DEACTIVATED} />;
  if (link.state !== 'valid') {
    return (
      <LinkProblem
        title={`This reset link ${link.state === 'used' ? 'was already used' : 'has expired'}`}
        message={`Ask ${link.askWhom} for a new one.`}
      />
    );
  }
  return (
    <LinkPage
      title="Choose a new password"
      intro={
        <>
          For <strong>{link.person.name}</strong> ({link.person.email}). Every device signed in to this account will be signed out.
        </>
      }
    >
      <SetPasswordForm endpoint="/api/invitations/accept" token={token} email={link.person.email} submitLabel="Set password and sign in" />
    </LinkPage>
  );
}
