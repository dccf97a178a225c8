// The one way the site sends mail: SMTP through nodemailer when SMTP_URL is set, else the message is
// written to the log (so a fresh install can still verify an account by reading the link there).
// Tests use a MemoryMailer and read the links from it.
import nodemailer from 'nodemailer';
import type { Logger } from '../log.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

// Header injection: addresses and subjects never carry line breaks into the message.
function assertSingleLine(what: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new Error(`mail ${what} contains a line break`);
}

/** SMTP with a small connection pool (digests go out many at a time); SMTP_URL's ?maxConnections= overrides its size. */
export function createSmtpMailer(smtpUrl: string, from: string, maxConnections = 4): Mailer {
  const url = new URL(smtpUrl);
  url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(maxConnections));
  const transport = nodemailer.createTransport(url.toString());
  return {
    async send(m) {
      assertSingleLine('recipient', m.to);
      assertSingleLine('subject', m.subject);
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        ...(m.headers ? { headers: m.headers } : {}),
      });
    },
    async close() {
      transport.close();
    },
  };
}

/** The site's mailer: SMTP when configured, else the log. */
export function createMailer(smtpUrl: string | null, from: string, log: Logger): Mailer {
  return smtpUrl ? createSmtpMailer(smtpUrl, from) : createLogMailer(log);
}

export function createLogMailer(log: Logger): Mailer {
  return {
    async send(m) {
      assertSingleLine('recipient', m.to);
      assertSingleLine('subject', m.subject);
      log.info('mail (no SMTP_URL set, so it is only logged)', { to: m.to, subject: m.subject, text: m.text });
    },
    async close() {},
  };
}

/** Keeps messages in memory, for tests. */
export class MemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  async send(m: MailMessage): Promise<void> {
    assertSingleLine('recipient', m.to);
    assertSingleLine('subject', m.subject);
    this.sent.push(m);
  }
  async close(): Promise<void> {}
  /** The last message to `to`, or undefined. */
  lastTo(to: string): MailMessage | undefined {
    return this.sent.filter((m) => m.to.toLowerCase() === to.toLowerCase()).at(-1);
  }
  /** The first http(s) link in the last message to `to`. */
  linkTo(to: string): string | undefined {
    return /https?:\/\/\S+/.exec(this.lastTo(to)?.text ?? '')?.[0];
  }
}
