/**
 * Signing a person in right after they set their password through a one-time link (setup, invitation,
 * reset). The link was the credential, so this calls better-auth directly instead of going through
 * /api/auth/sign-in and its attempt limit; better-auth's session-create hook still runs, so an account
 * deactivated in the meantime gets no session.
 */
import 'server-only';
import { APIError } from 'better-auth/api';
import { getAuth } from '../platform/auth/auth';
import { landingPath } from '../platform/auth/safe-next';

export interface SignedIn {
  body: { redirect: string; user: { id: string; role: string } };
  /** The session cookies better-auth made. */
  cookies: string[];
}

/** Signs `email` in with the password just stored; null when no session could be made (the caller says so). */
export async function signInWithNewPassword(request: Request, email: string, password: string): Promise<SignedIn | null> {
  try {
    const { headers, response } = await getAuth().api.signInEmail({
      body: { email, password },
      headers: request.headers,
      returnHeaders: true,
    });
    const role = (response.user as { role?: string }).role ?? 'AGENT';
    return { body: { redirect: landingPath(role), user: { id: response.user.id, role } }, cookies: headers.getSetCookie() };
  } catch (error) {
    if (error instanceof APIError) return null;
    throw error;
  }
}

/** The JSON answer carrying the session cookies. */
export function signedInResponse(signedIn: SignedIn, status: number): Response {
  const response = Response.json(signedIn.body, { status });
  for (const cookie of signedIn.cookies) response.headers.append('set-cookie', cookie);
  return response;
}
