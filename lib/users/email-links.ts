/** The emails that carry one-time links: an invitation (7 days) and a password reset (1 hour). */
import 'server-only';
import { sendMail } from '../platform/email/send';

interface LinkMail {
  to: string;
  /** The person the link is for. */
  name: string;
  /** Who issued it. */
  from: string;
  url: string;
}

export function mailInvitation({ to, name, from, url }: LinkMail): Promise<boolean> {
  return sendMail({
    kind: 'invitation',
    to,
    subject: 'You are invited to Callpace',
    text: [
      `Hello ${name},`,
      '',
      `${from} invited you to Callpace. Open this link to choose your password and sign in:`,
      '',
      url,
      '',
      'The link works once and expires in 7 days. If you did not expect it, ignore this email.',
    ].join('\n'),
  });
}

export function mailPasswordReset({ to, name, from, url }: LinkMail): Promise<boolean> {
  return sendMail({
    kind: 'password reset',
    to,
    subject: 'Reset your Callpace password',
    text: [
      `Hello ${name},`,
      '',
      `${from} sent you a link to choose a new Callpace password:`,
      '',
      url,
      '',
      'The link works once and expires in 1 hour. If you did not ask for it, ignore this email; your password stays as it is.',
    ].join('\n'),
  });
}
