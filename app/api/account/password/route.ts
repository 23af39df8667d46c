import { ApiError } from '@/lib/platform/http/errors';
import { clientAddress } from '@/lib/platform/http/client-address';
import { ANY_ROLE, withHandler } from '@/lib/platform/http/handler';
import { forgiveSignInAttempts, takeSignInAttempt } from '@/lib/platform/auth/sign-in-limit';
import { sessionToken } from '@/lib/platform/auth/viewer';
import { changeOwnPassword } from '@/lib/users/account';
import { PasswordChangeInput } from '@/lib/users/account-schema';
import { passwordProblem } from '@/lib/users/password-schema';

/**
 * Changing one's own password: 200 `{ endedSessions }` (every other session ends, this one stays), 403 the
 * current password is wrong, 422 the new one breaks the rule, 429 too many tries. Guesses at the current
 * password count against the same limit as sign-in attempts, so a stolen session cannot guess faster.
 */
export const POST = withHandler(
  async ({ request, viewer, body }) => {
    // A new password the rule refuses costs no attempt: it is answered before the current one is checked.
    const problem = passwordProblem(body.newPassword, viewer.email);
    if (problem) throw new ApiError('unprocessable_entity', problem, { issues: [{ path: 'newPassword', message: problem }] });
    const address = clientAddress(request.headers);
    await takeSignInAttempt(address, viewer.email);
    const result = await changeOwnPassword(viewer, sessionToken(request.headers), body.currentPassword, body.newPassword);
    if (!result.right)
      throw new ApiError('forbidden', 'Your current password is not right.', {
        issues: [{ path: 'currentPassword', message: 'is not right' }],
      });
    await forgiveSignInAttempts(address, viewer.email);
    return Response.json({ endedSessions: result.ended });
  },
  { roles: ANY_ROLE, writeLimit: true, body: PasswordChangeInput, maxBodyBytes: 8 * 1024 },
);
