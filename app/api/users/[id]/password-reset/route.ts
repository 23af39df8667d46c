import { withHandler } from '@/lib/platform/http/handler';
import { mailInvitation, mailPasswordReset } from '@/lib/users/email-links';
import { issueLink } from '@/lib/users/invite';
import { publicLink } from '@/lib/users/tokens';
import { UserId } from '@/lib/users/users-schema';

/**
 * A new one-time link for a person: `{ kind: "reset", resetUrl, url, expiresAt, emailed }` (1 hour), or for someone
 * who has not accepted their invitation yet a fresh one, `{ kind: "invite", inviteUrl, url, expiresAt, emailed }`
 * (7 days). Earlier unused links of that kind stop working. 409 for a deactivated person.
 */
export const POST = withHandler(
  async ({ request, viewer, params }) => {
    const link = await issueLink(viewer, params.id);
    const url = publicLink(request, link.path);
    const mail = { to: link.email, name: link.name, from: viewer.name, url };
    const emailed = await (link.kind === 'reset' ? mailPasswordReset(mail) : mailInvitation(mail));
    const named = link.kind === 'reset' ? { resetUrl: url } : { inviteUrl: url };
    return Response.json(
      { kind: link.kind, url, ...named, expiresAt: link.expiresAt.toISOString(), emailed },
      { headers: { 'cache-control': 'no-store' } },
    );
  },
  { roles: ['MANAGER', 'ADMIN'], params: UserId, notFound: 'No such person.', writeLimit: true },
);
