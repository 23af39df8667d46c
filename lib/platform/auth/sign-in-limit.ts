/**
 * Sign-in attempts: MAX_ATTEMPTS per client address and email within the
 * window, and MAX_ATTEMPTS_PER_EMAIL per email from any address (rotating
 * addresses does not buy unlimited guesses at one account). An attempt is
 * counted before its password is checked, so parallel guesses cannot slip
 * past the limit; a successful sign-in clears the account's counts.
 */
import 'server-only';
import { createRequestLimiter } from '../http/rate-limit';
import { singleton } from '../runtime/singleton';

export const MAX_ATTEMPTS = 5;
export const MAX_ATTEMPTS_PER_EMAIL = 50;
export const WINDOW_SECONDS = 15 * 60;

const limits = () =>
  singleton('sign-in-limits', () => ({
    perAddress: createRequestLimiter('sign-in', MAX_ATTEMPTS, WINDOW_SECONDS, 'sign-in attempts'),
    perEmail: createRequestLimiter('sign-in-email', MAX_ATTEMPTS_PER_EMAIL, WINDOW_SECONDS, 'sign-in attempts for this account'),
  }));

/** Reserves one attempt for `address|email` (429 when none is left); call before checking the password. */
export async function takeSignInAttempt(address: string, email: string): Promise<void> {
  await limits().perAddress.check(`${address}|${email}`);
  await limits().perEmail.check(email);
}

/** After a successful sign-in (the password was right): the account's and the address's attempts are forgiven. */
export async function forgiveSignInAttempts(address: string, email: string): Promise<void> {
  await Promise.all([limits().perAddress.reset(`${address}|${email}`), limits().perEmail.reset(email)]);
}
