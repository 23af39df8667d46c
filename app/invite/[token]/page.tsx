import type { Metadata } from 'next';
import { LinkPage, LinkProblem } from '@/components/auth/link-page';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { DEACTIVATED, viewLink } from '@/lib/users/accept';

// The token is in the address: never send it on to another site.
export const metadata: Metadata = { title: 'Accept your invitation', referrer: 'no-referrer', robots: { index: false } };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await viewLink(token, ['INVITE']);
  if (link.state === 'unknown')
    return (
      <LinkProblem
        title="This invitation link is not valid"
        message="Check that you opened the whole link you were sent, or ask your admin for a new invitation."
      />
    );
  if (link.state === 'deactivated') return <LinkProblem title="This account is not active" message={DEACTIVATED} />;
  if (link.state !== 'valid') {
    return (
      <LinkProblem
        title={`This invitation ${link.state === 'used' ? 'was already used' : 'has expired'}`}
        message={`Ask ${link.askWhom} for a new one.${link.state === 'used' ? ' If you set your password with it, sign in.' : ''}`}
      />
    );
  }
  return (
    <LinkPage
      title="Welcome to Callpace"
      intro={
        <>
          Choose a password for <strong>{link.person.name}</strong> ({link.person.email}).
        </>
      }
    >
      <SetPasswordForm endpoint="/api/invitations/accept" token={token} email={link.person.email} submitLabel="Set password and sign in" />
    </LinkPage>
  );
}
