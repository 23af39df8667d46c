import { withHandler } from '@/lib/platform/http/handler';
import { mailInvitation } from '@/lib/users/email-links';
import { inviteUser } from '@/lib/users/invite';
import { listPeople } from '@/lib/users/people';
import { publicLink } from '@/lib/users/tokens';
import { UserInvite } from '@/lib/users/users-schema';

/** People: everyone for an admin, the agents of their team for a manager; role, manager, status and last activity. */
export const GET = withHandler(
  async ({ viewer }) => Response.json({ items: await listPeople(viewer) }, { headers: { 'cache-control': 'private, no-store' } }),
  {
    roles: ['MANAGER', 'ADMIN'],
  },
);

/**
 * Invite a person: `{ email, name, role, managerId? }` (a manager invites agents to their own team). Answers 201
 * `{ id, inviteUrl, expiresAt, emailed }`: the link (7 days, once) is always returned, and also mailed when SMTP_URL is set.
 * 409 when the email is taken (an invited person gets a new link from POST /api/users/<id>/password-reset).
 */
export const POST = withHandler(
  async ({ request, viewer, body }) => {
    const invitation = await inviteUser(viewer, body);
    const inviteUrl = publicLink(request, invitation.path);
    const emailed = await mailInvitation({ to: body.email, name: body.name, from: viewer.name, url: inviteUrl });
    return Response.json(
      { id: invitation.id, inviteUrl, expiresAt: invitation.expiresAt.toISOString(), emailed },
      { status: 201, headers: { 'cache-control': 'no-store' } },
    );
  },
  { roles: ['MANAGER', 'ADMIN'], writeLimit: true, body: UserInvite, maxBodyBytes: 4 * 1024 },
);
