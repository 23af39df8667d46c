import { ApiError } from '@/lib/platform/http/errors';
import { parseJson } from '@/lib/platform/http/body';
import { withHandler } from '@/lib/platform/http/handler';
import { assertSameOrigin } from '@/lib/platform/http/origin';
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
export const POST = withHandler(async (request) => {
  assertSameOrigin(request);
  const input = await parseJson(request, SetupInput, { maxBytes: 8 * 1024 });
  if (await hasActiveAdmin()) throw new ApiError('conflict', ADMIN_EXISTS);
  const link = await inspectToken(input.token, ['SETUP']);
  if (link.state !== 'valid') throw setupLinkError(link.state);
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw new ApiError('unprocessable_entity', problem, { issues: [{ path: 'password', message: problem }] });

  await createFirstAdmin(input, await hashPassword(input.password));
  const signedIn = await signInWithNewPassword(request, input.email, input.password);
  return signedIn ? signedInResponse(signedIn, 201) : Response.json({ redirect: '/login' }, { status: 201 });
});
