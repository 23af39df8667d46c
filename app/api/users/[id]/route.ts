import { withHandler } from '@/lib/platform/http/handler';
import { updateUser } from '@/lib/users/manage';
import { listPeople } from '@/lib/users/people';
import { UserChange, UserId } from '@/lib/users/users-schema';

/**
 * Change a person: `{ name?, role?, managerId?, active?, reassign? }`. `active: false` signs them out everywhere,
 * releases their reservations and, with `reassign` (`{ to: "agent", agentId }`, `{ to: "round_robin" }` or
 * `{ to: "unassigned" }`), moves their open leads in the same transaction. Answers the person as now listed and what
 * changed. 403 outside the viewer's team or for a manager making a manager or admin; 409 for the last admin, a
 * manager who still has agents, or oneself.
 */
export const PATCH = withHandler(
  async ({ viewer, params, body }) => {
    const result = await updateUser(viewer, params.id, body);
    const [person] = await listPeople({ id: viewer.id, role: 'ADMIN' }, params.id);
    return Response.json({ person, ...result });
  },
  { roles: ['MANAGER', 'ADMIN'], params: UserId, notFound: 'No such person.', writeLimit: true, body: UserChange, maxBodyBytes: 4 * 1024 },
);
