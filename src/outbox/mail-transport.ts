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

/** SMTP through nodemailer (`smtp://` or `smtps://` URL with URL-encoded credentials). */
export function smtpTransport(url: string): MailTransport {
  const transport = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(mail) {
      const info = await transport.sendMail({ envelope: { from: mail.from, to: [mail.to] }, raw: mail.raw });
      return { response: String(info.response ?? '') };
    },
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
