/**
 * The password rule for every password a person sets (setup, invitation, reset, change, the command line):
 * at least 12 characters, at most 128 (argon2 hashes any length, but a megabyte "password" is an attack),
 * and not the account's email address.
 */
import { text } from '../platform/validation/text';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export const Password = text()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

/** Why `password` is not acceptable for the account `email`, or null when it is. */
export function passwordProblem(password: string, email: string): string | null {
  const parsed = Password.safeParse(password);
  if (!parsed.success) return `Password ${parsed.error.issues[0].message}.`;
  const local = email.split('@')[0].toLowerCase();
  const lowered = password.trim().toLowerCase();
  if (lowered === email.trim().toLowerCase() || (local.length >= 4 && lowered === local)) return 'Password must not be your email address.';
  return null;
}
