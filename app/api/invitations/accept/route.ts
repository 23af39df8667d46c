import { parseJson } from '@/lib/api/body';
import { withHandler } from '@/lib/api/handler';
import { assertSameOrigin } from '@/lib/api/origin';
import { acceptLink } from '@/lib/users/accept';
import { signInWithNewPassword, signedInResponse } from '@/lib/users/password-sign-in';
import { AcceptInput } from '@/lib/validations/account';

/**
 * Setting a password from an invitation or a password-reset link: 200 signed in with `{ redirect, user }`
 * and the session cookies, 404 not such a link, 410 used, expired or the account deactivated, 422 a
 * password the rule refuses (the link stays usable). A reset ends every earlier session of the person.
 */
export const POST = withHandler(async (request) => {
  assertSameOrigin(request);
  const input = await parseJson(request, AcceptInput, { maxBytes: 8 * 1024 });
  const person = await acceptLink(input.token, input.password);
  const signedIn = await signInWithNewPassword(request, person.email, input.password);
  return signedIn ? signedInResponse(signedIn, 200) : Response.json({ redirect: '/login' });
});
