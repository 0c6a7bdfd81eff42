import { renderHtml, renderPlain, type BodyModel } from './body-text.ts';
import { offsetMinutes, rfc5322Date } from './dates.ts';
import { deliveryHeaders, deskRecipient, uniqueId, type MailboxContext } from './envelope.ts';
import type { ClientStyle } from './mail-clients.ts';
import { encodeUnstructured, formatAddress, headerField } from './mime-encoding.ts';
import { assembleMessage, attachmentPart, multipart, textPart, type Attachment, type MimePart } from './mime-parts.ts';
import type { Customer } from './people.ts';

/** A message a customer writes from their own mail client, as it reaches the desk's mailbox. */

export interface DirectDraft {
  customer: Customer;
  style: ClientStyle;
  /** '' for a message without a Subject field. */
  subject: string;
  body: BodyModel;
  inReplyTo: string | null;
  references: string[];
  attachments: Attachment[];
  arrival: Date;
  /** The sender's Date (their clock). */
  date: Date;
}

export interface BuiltMessage {
  raw: Buffer;
  messageId: string;
  /** The text/plain body as written. */
  text: string;
}

export function buildDirectMail(ctx: MailboxContext, d: DirectDraft): BuiltMessage {
  const { random } = ctx;
  const { style, customer } = d;
  const domain = customer.email.slice(customer.email.indexOf('@') + 1);
  const messageId = uniqueId(ctx, () => style.messageId(random, domain));
  const text = renderPlain(d.body);
  const transfer = style.transfer(random);
  const plain = textPart({ subtype: 'plain', text, charset: style.charset, label: style.label, transfer });
  let body: MimePart = plain;
  if (style.html) {
    const html = renderHtml(d.body, style.html, style.label, customer.language);
    body = multipart('alternative', style.boundary(random), [plain, textPart({ subtype: 'html', text: html, charset: style.charset, label: style.label, transfer })]);
  }
  if (d.attachments.length > 0) body = multipart('mixed', style.boundary(random), [body, ...d.attachments.map(attachmentPart)]);

  const outlook = style.kind.startsWith('outlook');
  const headers = [
    ...deliveryHeaders(ctx, customer.fromAddress, style.relay(random, domain), d.arrival),
    ...style.headers(random, customer.language),
    headerField('From', formatAddress(customer.displayName, customer.fromAddress, style.charset, style.label, outlook)),
    headerField('To', deskRecipient(ctx)),
    ...(d.subject === '' ? [] : [headerField('Subject', encodeUnstructured(d.subject, style.charset, style.label, style.subjectMode))]),
    `Date: ${rfc5322Date(d.date, offsetMinutes(d.date, customer.language))}`,
    `Message-ID: <${messageId}>`,
    ...(d.inReplyTo ? [`In-Reply-To: <${d.inReplyTo}>`] : []),
    ...(d.references.length > 0 ? [headerField('References', d.references.map((id) => `<${id}>`).join(' '))] : []),
  ];
  return { raw: assembleMessage(headers, body), messageId, text };
}
