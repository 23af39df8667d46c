/**
 * Sending mail (invitation and password-reset links) when SMTP_URL is set. One nodemailer transport
 * per process, made on the first send. A send never fails the action that asked for it: the link is
 * shown to whoever issued it anyway, so a mail server that is down or slow (bounded by the timeouts
 * below) only turns `emailed` false. Failures are logged by SMTP code, never with the address.
 */
import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { getEnv } from '../env';
import { logger } from '../runtime/logger';
import { singleton } from '../runtime/singleton';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** What kind of mail, for the log line (never the address or the body). */
  kind: string;
}

const mail = () => singleton<{ current?: { url: string; transport: Transporter } }>('mail-transport', () => ({}));

function transport(url: string): Transporter {
  // Keyed by the URL, so a changed configuration (tests) gets its own transport rather than a stale one.
  const held = mail();
  if (held.current?.url !== url) {
    held.current?.transport.close();
    held.current = {
      url,
      transport: nodemailer.createTransport({ url, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 }),
    };
  }
  return held.current.transport;
}

/** Sends `mail` when SMTP_URL is set; true when the server accepted it. */
export async function sendMail(mail: Mail): Promise<boolean> {
  const { SMTP_URL, MAIL_FROM } = getEnv();
  if (!SMTP_URL) return false;
  try {
    await transport(SMTP_URL).sendMail({ from: MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return true;
  } catch (error) {
    const { code, responseCode } = (error ?? {}) as { code?: string; responseCode?: number };
    logger.warn('email not sent', { kind: mail.kind, code: code ?? 'unknown', responseCode });
    return false;
  }
}
