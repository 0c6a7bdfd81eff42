import { randomBytes } from 'node:crypto';

/** Options for one synthetic message. */
export interface MailOptions {
  from?: string;
  to?: string;
  subject?: string;
  body?: string;
  messageId?: string;
  date?: Date;
  /** Adds a base64 attachment of this many bytes (random content). */
  attachmentBytes?: number;
  extraHeaders?: Record<string, string>;
}

/**
 * Builds one RFC 5322 message with CRLF line ends, unique by its Message-ID and a random token,
 * so no two generated messages share a sha256.
 */
export function makeMail(index: number, options: MailOptions = {}): Buffer {
  const token = randomBytes(8).toString('hex');
  const messageId = options.messageId ?? `${token}.${index}@customer.example`;
  const date = (options.date ?? new Date(Date.UTC(2026, 10, 1, 9, 0, index % 60))).toUTCString().replace('GMT', '+0000');
  const headers = [
    `From: ${options.from ?? `Client ${index} <client${index}@example.fr>`}`,
    `To: ${options.to ?? 'support@guichet.example'}`,
    `Subject: ${options.subject ?? `Demande n°${index}`}`,
    `Date: ${date}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    ...Object.entries(options.extraHeaders ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  const body = options.body ?? `Bonjour,\r\n\r\nMessage ${index} (${token}).\r\nMerci de votre aide.\r\n`;
  if (!options.attachmentBytes) {
    return Buffer.from([...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', body].join('\r\n'), 'utf8');
  }
  const boundary = `b_${token}`;
  const attachment = randomBytes(options.attachmentBytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      ...headers,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
      `--${boundary}`,
      `Content-Type: application/pdf; name="facture-${index}.pdf"`,
      `Content-Disposition: attachment; filename="facture-${index}.pdf"`,
      'Content-Transfer-Encoding: base64',
      '',
      attachment,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
    'utf8',
  );
}

/** Bytes that are not a message at all (no header section): must be stored raw and quarantined. */
export function makeGarbage(): Buffer {
  return Buffer.concat([Buffer.from([0, 0, 0, 0xff, 0xfe]), randomBytes(64)]);
}
