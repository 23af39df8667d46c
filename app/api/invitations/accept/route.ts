import { withHandler } from '@/lib/platform/http/handler';
import { acceptLink } from '@/lib/users/accept';
import { signInWithNewPassword, signedInResponse } from '@/lib/users/password-sign-in';
import { AcceptInput } from '@/lib/users/account-schema';

/**
 * Setting a password from an invitation or a password-reset link: 200 signed in with `{ redirect, user }`
 * and the session cookies, 404 not such a link, 410 used, expired or the account deactivated, 422 a
 * password the rule refuses (the link stays usable). A reset ends every earlier session of the person.
 */
export const POST = withHandler(
  async ({ request, body }) => {
    const person = await acceptLink(body.token, body.password);
    const signedIn = await signInWithNewPassword(request, person.email, body.password);
    return signedIn ? signedInResponse(signedIn, 200) : Response.json({ redirect: '/login' });
  },
  // Signed out (the link is the credential), yet it sets session cookies: same-origin only.
  { origin: true, body: AcceptInput, maxBodyBytes: 8 * 1024 },
);
