import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { ADMIN_EXISTS, createFirstAdmin, hasActiveAdmin, setupLinkError } from '@/lib/users/first-admin';
import { signInWithNewPassword, signedInResponse } from '@/lib/users/password-sign-in';
import { hashPassword } from '@/lib/users/set-password';
import { inspectToken } from '@/lib/users/tokens';
import { SetupInput } from '@/lib/users/account-schema';
import { passwordProblem } from '@/lib/users/password-schema';

/**
 * The first admin, from the setup link `npm start` printed: 201 signed in (session cookies), 404 not a
 * setup link, 410 used or expired, 409 an admin exists (checked first, as the page does; the email taken also
 * answers 409), 422 bad name, email or password.
 * The link is the credential (signed out, no session needed); cheap checks come before the argon2 hash.
 */
export const POST = withHandler(
  async ({ request, body }) => {
    if (await hasActiveAdmin()) throw new ApiError('conflict', ADMIN_EXISTS);
    const link = await inspectToken(body.token, ['SETUP']);
    if (link.state !== 'valid') throw setupLinkError(link.state);
    const problem = passwordProblem(body.password, body.email);
    if (problem) throw new ApiError('unprocessable_entity', problem, { issues: [{ path: 'password', message: problem }] });

    await createFirstAdmin(body, await hashPassword(body.password));
    const signedIn = await signInWithNewPassword(request, body.email, body.password);
    return signedIn ? signedInResponse(signedIn, 201) : Response.json({ redirect: '/login' }, { status: 201 });
  },
  // Signed out (the setup link is the credential), yet it sets session cookies: same-origin only.
  { origin: true, body: SetupInput, maxBodyBytes: 8 * 1024 },
);
