import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

/** Hands one composed message to the outside world. */
export interface MailTransport {
  readonly kind: 'smtp' | 'files';
  /** Sends the raw bytes as they are (nothing re-encoded), to one recipient. */
  send(mail: { from: string; to: string; raw: Buffer; messageId: string }): Promise<{ response: string }>;
  close(): void;
}

/** Connections the SMTP pool keeps open to the relay at most. */
const SMTP_POOL_CONNECTIONS = 4;

/**
 * SMTP through nodemailer (`smtp://` or `smtps://` URL with URL-encoded credentials).
 *
 * Pooled: without a pool every message opens its own connection (TCP, greeting, EHLO, STARTTLS
 * or TLS, AUTH, then QUIT), several round trips and a TLS handshake per mail; the pool keeps up to
 * SMTP_POOL_CONNECTIONS connections open and sends message after message over them. A connection
 * is replaced after nodemailer's default 100 messages (some providers cap messages per session)
 * and closed after 4 idle minutes. nodemailer merges the URL over the other keys of the object, so
 * a query parameter of the URL (`?maxConnections=2`, `?pool=false`) still wins over these.
 *
 * Exactly-once is not weakened: the pool only re-queues a message onto another connection when
 * its connection closed before any of the message was written (a reused connection the server
 * had dropped); an error once DATA has started fails the send, as without a pool.
 */
export function smtpTransport(url: string): MailTransport {
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: SMTP_POOL_CONNECTIONS });
  return {
    kind: 'smtp',
    async send(mail) {
      const info = await transport.sendMail({ envelope: { from: mail.from, to: [mail.to] }, raw: mail.raw });
      return { response: String(info.response ?? '') };
    },
    // Closes the idle connections now and each busy one once its message is through; sends after
    // this fail ("Connection pool was closed").
    close: () => transport.close(),
  };
}

/**
 * The embedded default: each message becomes `DIR/<Message-ID>.eml`, written to a temporary name
 * and renamed, so a retry overwrites the same file with the same bytes — never a second copy.
 */
export function fileTransport(dir: string): MailTransport {
  return {
    kind: 'files',
    async send(mail) {
      await mkdir(dir, { recursive: true });
      const name = `${mail.messageId.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`;
      const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
      await writeFile(tmp, mail.raw);
      await rename(tmp, path.join(dir, name));
      return { response: `written to ${path.join(dir, name)}` };
    },
    close: () => {},
  };
}
