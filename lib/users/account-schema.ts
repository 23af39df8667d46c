/**
 * Bodies of the one-time-link and own-account endpoints. Passwords are only capped here (a body is not a
 * place for a megabyte string); the password rule itself depends on the account's email, so handlers apply
 * passwordProblem (lib/users/password-schema) once they know it, and answer with its message.
 */
import { z } from 'zod';
import { text } from '../platform/validation/text';
import { Email } from './users-schema';

/** Longer than any password the rule accepts, so the rule's own message is what a person sees. */
const PasswordField = text().max(1024, 'is too long');
/** A one-time link's token: its shape is checked by lib/users/tokens (looksLikeToken). */
const TokenField = text().max(200, 'is not a link token');

export const PersonName = text().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
export { Email };

export const SetupInput = z.object({ token: TokenField, name: PersonName, email: Email, password: PasswordField });
export type SetupInput = z.infer<typeof SetupInput>;

export const AcceptInput = z.object({ token: TokenField, password: PasswordField });
export type AcceptInput = z.infer<typeof AcceptInput>;

export const PasswordChangeInput = z.object({ currentPassword: PasswordField, newPassword: PasswordField });
export type PasswordChangeInput = z.infer<typeof PasswordChangeInput>;

export const SessionId = z.object({ id: z.uuid('is not a session id') });
